import "server-only";
import type { Db } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import { recordAudit } from "@/lib/audit";
import { recordSecondFactorPassed } from "@/lib/auth/sessions";
import { confirmEnrolment, type EnrolmentResult } from "@/lib/two-factor/enrol";
import { noticeFor } from "@/lib/mail/notices";
import { queueEmail } from "@/lib/mail/outbox";
import { confirmPasskeyEnrolment, type PasskeyEnrolmentResult } from "@/lib/two-factor/enrol-passkey";
import type { RelyingParty } from "@/lib/webauthn/relying-party";
import type { RegistrationResponse } from "@/lib/validations/passkey";

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
      await queueEmail(tx, wasActive ? noticeFor(user, "two-factor-app-changed", {}) : noticeFor(user, "two-factor-enrolled", { method: "app" }), {
        now,
      });
      return true;
    },
  });
}

/**
 * The voluntary set-up's other way: a passkey instead of an app (registered over a challenge
 * bound to this session). This session counts as having passed its second factor with it.
 */
export async function confirmSelfPasskeyEnrolment(options: {
  db: Db;
  rp: RelyingParty;
  user: { id: string; email: string; organisationId: string };
  sessionId: string;
  response: RegistrationResponse;
  name: string;
  ip: string;
  now: Date;
}): Promise<PasskeyEnrolmentResult> {
  const { db, user, sessionId } = options;
  const { name } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { name: true } });
  return confirmPasskeyEnrolment({
    ...options,
    user: { ...user, name },
    name: options.name,
    whenAccepted: async (tx) => {
      await recordSecondFactorPassed({ db: tx, sessionId, userId: user.id, method: "passkey-setup" });
      return true;
    },
  });
}
