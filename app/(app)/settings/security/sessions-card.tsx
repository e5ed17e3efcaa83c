"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { LocalTime } from "@/components/local-time";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { signOutOtherSessions } from "./actions";
import { signOutOneSession } from "./device-actions";

export interface SessionItem {
  handle: string;
  browser: string;
  ip: string;
  createdAt: string;
  lastSeenAt: string;
  waitingForTwoFactor: boolean;
  current: boolean;
}

/** Settings > Security > Sessions: where the account is signed in, each other one with "Sign out". */
export function SessionsCard({ sessions }: { sessions: SessionItem[] }) {
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(null);
  const [signingOut, setSigningOut] = useState<SessionItem | null>(null);
  const [othersOpen, setOthersOpen] = useState(false);
  const others = sessions.filter((session) => !session.current).length;
  const done = (message: string) => {
    setNotice(message);
    router.refresh();
  };

  return (
    <Card aria-labelledby="sessions-heading">
      <CardHeader>
        <CardTitle id="sessions-heading">Sessions</CardTitle>
        <CardDescription>Where your account is signed in now. Sign out any you do not recognise, then change your password.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        <Table label="Your sessions">
          <TableHeader>
            <TableRow>
              <TableHead>Browser</TableHead>
              <TableHead>IP address</TableHead>
              <TableHead>Signed in</TableHead>
              <TableHead>Last active</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {sessions.map((session) => (
              <TableRow key={session.handle}>
                <TableCell>
                  <span className="flex flex-wrap items-center gap-2">
                    {session.browser}
                    {session.current ? <Badge tone="success">This session</Badge> : null}
                    {session.waitingForTwoFactor ? <Badge tone="warning">Waiting for 2FA</Badge> : null}
                  </span>
                </TableCell>
                <TableCell className="font-mono text-xs">{session.ip}</TableCell>
                <TableCell>
                  <LocalTime iso={session.createdAt} />
                </TableCell>
                <TableCell>
                  <LocalTime iso={session.lastSeenAt} />
                </TableCell>
                <TableCell className="text-right">
                  {session.current ? null : (
                    <Button
                      variant="secondary"
                      size="sm"
                      onClick={() => setSigningOut(session)}
                      aria-label={`Sign out ${session.browser} (${session.ip})`}
                    >
                      Sign out
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Button variant="secondary" onClick={() => setOthersOpen(true)} disabled={others === 0}>
          Sign out other sessions
        </Button>
      </CardContent>
      <ConfirmDialog
        open={signingOut !== null}
        onClose={() => setSigningOut(null)}
        title="Sign out this session?"
        confirmLabel="Sign out"
        pendingLabel="Signing out…"
        onConfirm={async () => {
          if (!signingOut) return null;
          const result = await signOutOneSession({ handle: signingOut.handle });
          if (!result.ok) return result.message ?? ERROR_MESSAGES[result.error];
          setSigningOut(null);
          done(`${signingOut.browser} (${signingOut.ip}) is signed out. Your other sessions stay signed in.`);
          return null;
        }}
      >
        <p>
          {signingOut?.browser} at {signingOut?.ip} is signed out at its next request
          {signingOut?.waitingForTwoFactor ? ", and that sign-in waiting for its code ends" : ""}. This session stays signed in.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={othersOpen}
        onClose={() => setOthersOpen(false)}
        title="Sign out your other sessions?"
        confirmLabel="Sign out other sessions"
        pendingLabel="Signing out…"
        onConfirm={async () => {
          const result = await signOutOtherSessions();
          if (!result.ok) return result.message ?? ERROR_MESSAGES[result.error];
          setOthersOpen(false);
          const { ended } = result.data;
          done(
            ended === 0
              ? "There were no other sessions to sign out. This one stays signed in."
              : `Every other session has been signed out: ${ended} ${ended === 1 ? "session" : "sessions"} ended. This one stays signed in.`,
          );
          return null;
        }}
      >
        <p>
          Every other browser and device signed in to your account is signed out at once, including any you no longer have. This one stays signed in.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
