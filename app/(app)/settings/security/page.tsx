import type { Metadata } from "next";
import { headers } from "next/headers";
import { PageHeader } from "@/components/page-header";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { Card, CardContent } from "@/components/ui/card";
import { TwoFactorStatusBadge } from "@/components/two-factor/status-badge";
import { enrolledPath } from "@/lib/auth/login-flow";
import { db } from "@/lib/db";
import { requireUser } from "@/lib/next/current-user";
import { loadSecurityOverview } from "@/lib/two-factor/security-overview";
import { twoFactorMethodsLabel } from "@/lib/two-factor/methods";
import { ChangePassword } from "./change-password";
import { listSessionsOf } from "@/lib/auth/session-list";
import { listTrustedBrowsers, trustedBrowserDaysFor } from "@/lib/auth/trusted-browsers";
import { currentTrustedBrowserToken } from "@/lib/next/trusted-browser-cookie";
import { SessionsCard } from "./sessions-card";
import { TrustedBrowsersCard } from "./trusted-browsers-card";
import { SecuritySettings } from "./security-settings";
import { PasskeysCard } from "./passkeys-card";
import { browserName } from "@/lib/http/browser-name";
import { listPasskeys } from "@/lib/webauthn/passkeys";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage() {
  const user = await requireUser();
  const now = new Date();
  const overview = await loadSecurityOverview({ db, userId: user.id, now });
  const sessions = await listSessionsOf(db, { userId: user.id, currentSessionId: user.sessionId, now });
  const trustDays = await trustedBrowserDaysFor(db, user.id);
  const browsers = await listTrustedBrowsers(db, {
    userId: user.id,
    organisationId: user.organisationId,
    currentToken: await currentTrustedBrowserToken(),
    now,
  });
  const passkeys = overview.enrolled ? await listPasskeys(db, user.id) : [];
  const factors = { app: overview.methods.app, passkey: passkeys.length > 0 };
  return (
    <>
      <PageHeader title="Settings" description="Your account." />
      <SettingsTabs current="/settings/security" />
      <div className="max-w-2xl space-y-6">
        <Card aria-labelledby="two-factor-heading">
          <CardContent>
            <div className="flex items-center justify-between gap-4">
              <h2 id="two-factor-heading" className="text-base font-semibold text-card-foreground">
                Two-factor authentication
              </h2>
              <span data-testid="two-factor-status">
                <TwoFactorStatusBadge status={overview.status} />
              </span>
            </div>
            {overview.enrolled ? (
              <p className="mt-2 text-sm text-muted-foreground" data-testid="two-factor-methods">
                Set up: {twoFactorMethodsLabel(overview.methods, "long") || "backup codes only"}.
              </p>
            ) : null}
            {overview.enrolled ? (
              <p className="mt-2 text-sm text-muted-foreground" data-testid="unused-backup-codes">
                {overview.unusedBackupCodes} of 10 backup codes unused.
                {overview.unusedBackupCodes <= 3 ? " Regenerate them soon, before you run out." : ""}
              </p>
            ) : null}
            <SecuritySettings active={overview.enrolled} factors={factors} enrolledHref={enrolledPath("/settings/security")} />
          </CardContent>
        </Card>
        {overview.enrolled ? (
          <PasskeysCard
            passkeys={passkeys.map((passkey) => ({
              id: passkey.id,
              name: passkey.name,
              createdAt: passkey.createdAt.toISOString(),
              lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
              backedUp: passkey.backedUp,
            }))}
            hasApp={overview.methods.app}
            suggestedName={suggestedPasskeyName((await headers()).get("user-agent"))}
          />
        ) : null}
        <SessionsCard
          sessions={sessions.map((session) => ({
            ...session,
            createdAt: session.createdAt.toISOString(),
            lastSeenAt: session.lastSeenAt.toISOString(),
          }))}
        />
        {trustDays > 0 || browsers.length > 0 ? (
          <TrustedBrowsersCard
            days={trustDays}
            browsers={browsers.map((browser) => ({
              ...browser,
              createdAt: browser.createdAt.toISOString(),
              lastUsedAt: browser.lastUsedAt.toISOString(),
              expiresAt: browser.expiresAt.toISOString(),
            }))}
          />
        ) : null}
        {/* Not a labelled region: "Password" would also name it for every getByLabel("Password") of the 2FA panels. */}
        <Card>
          <CardContent>
            <h2 className="text-base font-semibold text-card-foreground">Password</h2>
            <ChangePassword twoFactorOn={overview.enrolled} factors={factors} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}

/** "Chrome on Linux": where the passkey about to be made most likely lives. */
function suggestedPasskeyName(userAgent: string | null): string {
  const name = browserName(userAgent);
  return name === "Unknown browser" ? "My passkey" : name.slice(0, 60);
}
