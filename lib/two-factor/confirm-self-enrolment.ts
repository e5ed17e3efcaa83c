import "server-only";
import type { Db } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import { recordAudit } from "@/lib/audit";
import { recordSecondFactorPassed } from "@/lib/auth/sessions";
import { confirmEnrolment, type EnrolmentResult } from "@/lib/two-factor/enrol";
import { noticeFor } from "@/lib/mail/notices";
import { queueEmail } from "@/lib/mail/outbox";

/**
 * Confirms a set-up or authenticator change begun in the settings with a code from the new
 * authenticator. The activation, this session's proof of the second factor and the audit event
 * commit together: this session stays signed in, the user's other password-only sessions are
 * sent to the challenge by the login rule.
 */
export async function confirmSelfEnrolment(options: {
  db: Db;
  keyring: Keyring;
  user: { id: string; email: string; organisationId: string };
  sessionId: string;
  code: string;
  ip: string;
  now: Date;
}): Promise<EnrolmentResult> {
  const { user, ip, now } = options;
  return confirmEnrolment({
    db: options.db,
    keyring: options.keyring,
    userId: user.id,
    code: options.code,
    ip,
    now,
    whenAccepted: async (tx, { wasActive }) => {
      await recordSecondFactorPassed({ db: tx, sessionId: options.sessionId, userId: user.id, method: "two-factor-setup" });
      await recordAudit(tx, { organisationId: user.organisationId, type: "two_factor.enrolled", actor: user, target: user, ip, at: now });
      // Set up for the first time, or a new authenticator in place of an active one.
      await queueEmail(tx, noticeFor(user, wasActive ? "two-factor-app-changed" : "two-factor-enrolled", {}), { now });
      return true;
    },
  });
}
