import "server-only";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import type { Db, DbOrTransaction } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { confirmPassword } from "@/lib/auth/confirm-password";
import { activateBackupCodes } from "@/lib/two-factor/backup-codes";
import { noticeFor } from "@/lib/mail/notices";
import { queueEmail } from "@/lib/mail/outbox";
import { passkeyRegistrationOptions, storePasskey, verifyPasskeyRegistration, type RegistrationRefusal } from "@/lib/webauthn/registration";
import type { RelyingParty } from "@/lib/webauthn/relying-party";
import type { RegistrationResponse } from "@/lib/validations/passkey";

// The setup wizard's other way (issue 15): a passkey or security key instead of an authenticator
// app. The wizard's material is begun as for an app (beginEnrolment: backup codes pending, a
// pending secret); the passkey's registration takes the place of the app's first code. Only a
// user whose 2FA is not active yet enrols this way (the login's wizard, a voluntary set-up, a
// re-enrolment after a temporary access code); adding a passkey to an active user is Settings'.

/** Registration options for the wizard, bound to this session (a pending login's, or a signed-in one's). */
export async function passkeyEnrolmentOptions(options: {
  db: Db;
  rp: RelyingParty;
  userId: string;
  sessionId: string;
  now: Date;
}): Promise<PublicKeyCredentialCreationOptionsJSON | null> {
  const { db } = options;
  const user = await db.user.findUnique({
    where: { id: options.userId },
    select: { id: true, email: true, name: true, organisationId: true, twoFactorStatus: true, totpPendingSecret: true },
  });
  // The wizard's material comes first (its backup codes are what the passkey activates).
  if (!user || user.twoFactorStatus === "ACTIVE" || !user.totpPendingSecret) return null;
  return passkeyRegistrationOptions({ db, rp: options.rp, user, sessionId: options.sessionId, now: options.now, purpose: "enrolment" });
}

/**
 * The voluntary set-up's registration options (Settings): the current password first, checked
 * and throttled like the login's. A passkey signs in on its own, so a session alone (a borrowed
 * laptop, a stolen cookie) must not be able to add one; the login's wizard does not ask again,
 * its password was checked moments before.
 */
export async function selfPasskeyEnrolmentOptions(options: {
  db: Db;
  rp: RelyingParty;
  userId: string;
  sessionId: string;
  password: string;
  ip: string;
  now: Date;
}): Promise<{ ok: true; options: PublicKeyCredentialCreationOptionsJSON } | { ok: false; error: "WRONG_PASSWORD" | "RATE_LIMITED" | "FORBIDDEN" }> {
  const { db, ip, now } = options;
  const password = await confirmPassword({ db, userId: options.userId, password: options.password, ip, now });
  if (!password.ok) return password;
  const registration = await passkeyEnrolmentOptions(options);
  return registration ? { ok: true, options: registration } : { ok: false, error: "FORBIDDEN" };
}

export type PasskeyEnrolmentResult =
  | { ok: true }
  /** No wizard under way (already active, or never begun / begun again elsewhere). */
  | { ok: false; reason: "no-enrolment" }
  | { ok: false; reason: RegistrationRefusal }
  /** The passkey was fine, but what it was for (the login's step) had closed: nothing was stored. */
  | { ok: false; reason: "step-closed" };

/**
 * Finishes the wizard with a passkey: in one transaction the passkey is stored under `name`,
 * the wizard's backup codes activated, its pending app secret dropped, 2FA set Active (a user
 * with only a passkey is enrolled), audited and mailed. `whenAccepted` adds what must commit
 * with it (the login's step passing, or this session's proof of the second factor).
 */
export async function confirmPasskeyEnrolment(options: {
  db: Db;
  rp: RelyingParty;
  user: { id: string; email: string; name: string; organisationId: string };
  sessionId: string;
  response: RegistrationResponse;
  name: string;
  ip: string;
  now: Date;
  whenAccepted?: (tx: DbOrTransaction) => Promise<boolean>;
}): Promise<PasskeyEnrolmentResult> {
  const { db, user, now } = options;
  const before = await db.user.findUnique({ where: { id: user.id }, select: { twoFactorStatus: true, totpPendingSecret: true } });
  if (!before || before.twoFactorStatus === "ACTIVE" || !before.totpPendingSecret) return { ok: false, reason: "no-enrolment" };
  const verified = await verifyPasskeyRegistration({
    db,
    rp: options.rp,
    response: options.response,
    sessionId: options.sessionId,
    userId: user.id,
    now,
    purpose: "enrolment",
  });
  if (!verified.ok) return verified;

  const undone = Symbol("undone");
  return db
    .$transaction(async (tx) => {
      // Only the wizard the user saw the backup codes of, and only if nobody enrolled meanwhile.
      const activated = await tx.user.updateMany({
        where: { id: user.id, totpPendingSecret: before.totpPendingSecret, twoFactorStatus: { not: "ACTIVE" } },
        data: { totpPendingSecret: null, twoFactorStatus: "ACTIVE", twoFactorEnrolledAt: now, twoFactorDueAt: null },
      });
      if (activated.count !== 1) return { ok: false, reason: "no-enrolment" } as const;
      const stored = await storePasskey(tx, { user, passkey: verified.passkey, name: options.name, now });
      if (!stored) throw { [undone]: "credential-taken" };
      await activateBackupCodes(tx, user.id);
      const audit = { organisationId: user.organisationId, actor: user, target: user, ip: options.ip, at: now };
      await recordAudit(tx, { ...audit, type: "two_factor.enrolled", detail: { method: "passkey" } });
      await recordAudit(tx, { ...audit, type: "passkey.added", detail: { name: options.name } });
      await queueEmail(tx, noticeFor(user, "two-factor-enrolled", { method: "passkey", passkeyName: options.name }), { now });
      if (options.whenAccepted && !(await options.whenAccepted(tx))) throw { [undone]: "step-closed" };
      return { ok: true } as const;
    })
    .catch((error: unknown) => {
      if (error && typeof error === "object" && undone in error) {
        return { ok: false, reason: (error as Record<typeof undone, "credential-taken" | "step-closed">)[undone] } as const;
      }
      throw error;
    });
}
