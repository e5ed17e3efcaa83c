import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { StepHeading } from "@/components/two-factor/step-heading";
import { DEFAULT_REDIRECT_PATH, callbackPathFrom, type SearchParams } from "@/lib/auth/safe-redirect";
import { db } from "@/lib/db";
import { requireUser } from "@/lib/next/current-user";
import { BACKUP_CODE_COUNT } from "@/lib/two-factor/backup-code-format";
import { loadSecurityOverview } from "@/lib/two-factor/security-overview";

export const metadata: Metadata = { title: "2FA is on" };

const SELF = "/two-factor/enabled";

/**
 * The wizard's last screen, after its Verify (at login or from Security settings). An app page
 * (requireUser here and in the layout): only a session that passed the second factor sees it.
 */
export default async function TwoFactorEnabledPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const target = await callbackPathFrom(searchParams);
  // Never back to itself (a login that began here): on to the dashboard then.
  const next = target && !target.startsWith(SELF) ? target : DEFAULT_REDIRECT_PATH;
  const overview = await loadSecurityOverview({ db, userId: user.id, now: new Date() });
  // Nothing to confirm for someone without 2FA (an old link, a reset since): on to where they were going.
  if (!overview.enrolled) redirect(next);
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <div>
        <StepHeading as="h1" className="text-2xl font-bold tracking-tight">
          2FA is on
        </StepHeading>
        <p className="mt-1 text-sm text-muted-foreground">
          {overview.methods.app
            ? "From now on, each time you log in, Twofold asks for the code your authenticator app shows after your password."
            : "From now on, each time you log in, Twofold asks for your passkey or security key after your password."}
        </p>
      </div>
      <Card aria-labelledby="lost-phone-heading">
        <CardHeader>
          <CardTitle id="lost-phone-heading">If you lose your phone</CardTitle>
          <CardDescription>Keep your backup codes somewhere other than your phone.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-3 text-sm">
          <p>
            Log in with one of your backup codes: on the code step choose <strong>Use a backup code</strong>. Each code works once. Then set up your
            new phone in <strong>Settings › Security</strong> with <strong>Change authenticator app</strong>.
          </p>
          <p>
            If you have lost both your phone and your backup codes, ask an admin of {user.organisationName} to <strong>Reset 2FA</strong> for you; you
            then set it up again at your next login.
          </p>
          <p data-testid="backup-codes-left">
            Backup codes left:{" "}
            <strong>
              {overview.unusedBackupCodes} of {BACKUP_CODE_COUNT}
            </strong>
          </p>
        </CardContent>
        <CardFooter>
          <Button asChild>
            <Link href={next}>Continue</Link>
          </Button>
        </CardFooter>
      </Card>
    </div>
  );
}
