import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import type { SecurityStatus } from "@/lib/dashboard/security-status";
import { twoFactorStatusLabel, twoFactorStatusTone } from "@/lib/two-factor/status";

/** The signed-in user's own security: 2FA, authenticator app, backup codes left and last sign-ins. */
export function SecurityStatusCard({ security }: { security: SecurityStatus }) {
  const fewCodes = security.authenticatorApp && security.backupCodesLeft <= 3;
  return (
    <Card aria-labelledby="security-status-title">
      <CardHeader>
        <CardTitle id="security-status-title">Your security</CardTitle>
        <CardDescription>How your account is protected, and where you signed in from.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6 md:grid-cols-2">
        <dl className="grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-3 text-sm">
          <dt className="text-muted-foreground">Two-factor authentication</dt>
          <dd>
            <Badge tone={twoFactorStatusTone(security.status)}>{twoFactorStatusLabel(security.status)}</Badge>
          </dd>
          <dt className="text-muted-foreground">Authenticator app</dt>
          <dd>
            <Badge tone={security.authenticatorApp ? "success" : "neutral"}>{security.authenticatorApp ? "On" : "Off"}</Badge>
          </dd>
          <dt className="text-muted-foreground">Backup codes left</dt>
          <dd>
            {security.authenticatorApp ? (
              <Badge tone={fewCodes ? "warning" : "neutral"}>
                {security.backupCodesLeft} of {security.backupCodesTotal}
              </Badge>
            ) : (
              <span className="text-muted-foreground">None (2FA is not set up)</span>
            )}
          </dd>
        </dl>
        <div className="space-y-2">
          <h3 className="text-sm font-medium text-foreground">Last sign-ins</h3>
          {security.recentSignIns.length === 0 ? (
            <p className="text-sm text-muted-foreground">No sign-ins recorded yet.</p>
          ) : (
            <ul aria-label="Last sign-ins" className="space-y-1.5 text-sm">
              {security.recentSignIns.map((signIn) => (
                <li key={signIn.at} className="flex flex-wrap justify-between gap-x-3">
                  <LocalTime iso={signIn.at} />
                  <span className="font-mono text-xs text-muted-foreground">{signIn.ip ?? "unknown address"}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </CardContent>
      <CardFooter>
        <Button asChild variant="secondary" size="sm">
          <Link href="/settings/security">Security settings</Link>
        </Button>
      </CardFooter>
    </Card>
  );
}
