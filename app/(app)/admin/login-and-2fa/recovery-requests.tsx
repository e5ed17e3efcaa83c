"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { LocalTime } from "@/components/local-time";
import { ERROR_MESSAGES } from "@/components/error-messages";
import type { ConfirmWith } from "@/lib/admin/confirm-admin";
import { dismissRecoveryRequestAction } from "./recovery-actions";
import { IssueTemporaryCodeDialog, type IssueCodeRequest } from "./issue-temporary-code-dialog";

/** An open request as the page hands it over (times as ISO strings). */
export interface RecoveryRequestView {
  id: string;
  userId: string;
  userName: string;
  userEmail: string;
  canIssue: boolean;
  createdAt: string;
  ip: string;
  browser: string;
  message: string | null;
}

/** "Recovery requests": users who lost phone and backup codes, waiting for a temporary access code. */
export function RecoveryRequests({ requests, confirmWith }: { requests: RecoveryRequestView[]; confirmWith: ConfirmWith }) {
  const router = useRouter();
  const [issuing, setIssuing] = useState<IssueCodeRequest | null>(null);
  const [dismissing, setDismissing] = useState<RecoveryRequestView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <section id="recovery-requests" aria-labelledby="recovery-requests-heading" className="space-y-3">
      <div>
        <h2 id="recovery-requests-heading" className="text-base font-semibold text-foreground">
          Recovery requests
        </h2>
        <p className="text-sm text-muted-foreground">
          Users who lost both their phone and their backup codes. Check it is really them (call them on a number you already know, or see them in
          person), then issue a temporary access code and give it to them the same way.
        </p>
      </div>
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {requests.length === 0 ? (
        <p className="rounded-lg bg-muted px-3 py-2 text-sm text-muted-foreground">No open recovery requests.</p>
      ) : (
        <ul aria-label="Open recovery requests" className="space-y-3">
          {requests.map((request) => (
            <li key={request.id} className="space-y-2 rounded-lg bg-card p-4 text-sm text-card-foreground ring-1 ring-border">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <p>
                  <span className="font-semibold text-foreground">{request.userName}</span>{" "}
                  <span className="text-muted-foreground">{request.userEmail}</span>
                </p>
                <p className="text-muted-foreground">
                  <LocalTime iso={request.createdAt} />
                </p>
              </div>
              <p className="text-muted-foreground">
                From {request.ip}, {request.browser}
              </p>
              {request.message ? (
                <blockquote className="border-l-2 border-border pl-3 break-words whitespace-pre-wrap text-foreground">{request.message}</blockquote>
              ) : (
                <p className="text-muted-foreground">No message.</p>
              )}
              {!request.canIssue ? (
                <p className="text-muted-foreground">
                  Their two-factor authentication is no longer active (it was reset or turned off): dismiss this.
                </p>
              ) : null}
              <div className="flex flex-wrap gap-2">
                {request.canIssue ? (
                  <Button onClick={() => setIssuing({ userId: request.userId, name: request.userName, email: request.userEmail })}>
                    Issue temporary access code<span className="sr-only"> for {request.userName}</span>
                  </Button>
                ) : null}
                <Button variant="secondary" onClick={() => setDismissing(request)}>
                  Dismiss<span className="sr-only"> the request of {request.userName}</span>
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}

      <IssueTemporaryCodeDialog
        request={issuing}
        confirmWith={confirmWith}
        onClose={() => setIssuing(null)}
        onIssued={() => {
          setNotice(null);
          router.refresh();
        }}
      />
      <ConfirmDialog
        open={dismissing !== null}
        onClose={() => setDismissing(null)}
        title={`Dismiss the request of ${dismissing?.userName ?? ""}?`}
        confirmLabel="Dismiss request"
        pendingLabel="Dismissing…"
        onConfirm={async () => {
          if (!dismissing) return null;
          const result = await dismissRecoveryRequestAction({ requestId: dismissing.id });
          if (!result.ok) return result.message ?? ERROR_MESSAGES[result.error];
          setNotice(`Dismissed the request of ${dismissing.userName}. They can send a new one.`);
          router.refresh();
          return null;
        }}
      >
        <p className="text-sm text-muted-foreground">
          No code is issued. Tell {dismissing?.userName ?? "them"} why if you can: they can send a new request (at most 3 a day).
        </p>
      </ConfirmDialog>
    </section>
  );
}
