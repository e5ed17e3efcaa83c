import "server-only";
import type { Db, DbOrTransaction } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import { findBackupCode, markBackupCodeUsed } from "@/lib/two-factor/backup-codes";
import { lockStarted, type LockState } from "@/lib/two-factor/lockout";
import { openTotpSecret } from "@/lib/two-factor/secrets";
import { releaseWindowSlot } from "@/lib/auth/rate-limit";
import { releaseSecondFactorAttempt, reserveSecondFactorAttempt, type SecondFactorRefusal } from "@/lib/two-factor/throttle";
import { findNearMiss, matchTotpStep } from "@/lib/two-factor/totp";
import { forgetTotpNearMiss, noteTotpNearMiss, storedNearMiss } from "@/lib/two-factor/clock-drift";
import { findTemporaryAccessCode, markTemporaryAccessCodeUsed } from "@/lib/two-factor/temporary-access-code";
import { recordClonedPasskey } from "@/lib/webauthn/clone-suspected";
import { verifyPasskeyAssertion } from "@/lib/webauthn/authentication";
import type { RelyingParty } from "@/lib/webauthn/relying-party";
import { authenticationResponseSchema } from "@/lib/validations/passkey";

/**
 * "temporary-code": an admin-issued temporary access code (the login's challenge only).
 * "passkey": a passkey's answer (WebAuthn assertion, as JSON) to a challenge issued for `passkey`'s binding.
 */
export type SecondFactorMethod = "totp" | "backup-code" | "temporary-code" | "passkey";

/** Where a passkey's challenge was issued: the login's pending session ("second-factor") or a signed-in one ("step-up"). */
export interface PasskeyCheck {
  rp: RelyingParty;
  purpose: "second-factor" | "step-up";
  sessionId: string;
}

export type SecondFactorResult =
  | { ok: true }
  /** `clockDriftMinutes`: this wrong code and the one before were codes of steps as far from now (+: the phone is fast). */
  | { ok: false; reason: "wrong-code"; lock: LockState; clockDriftMinutes?: number }
  /** The right code, already used (or an older step's after a newer one): refused, not counted. */
  | { ok: false; reason: "replayed" }
  | SecondFactorRefusal
  | { ok: false; reason: "not-enrolled" }
  /** The right code, but what it was for (the login's step) had closed meanwhile: the code stays unused. */
  | { ok: false; reason: "step-closed" };

/**
 * Records `step` as the user's last accepted TOTP step, only if it is newer than the
 * stored one. The condition is in the UPDATE itself, so of concurrent requests with the
 * same code (on any number of app instances) exactly one wins.
 */
export async function claimTotpStep(options: { db: DbOrTransaction; userId: string; step: number }): Promise<boolean> {
  const { count } = await options.db.user.updateMany({
    where: { id: options.userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: options.step } }] },
    data: { totpLastStep: options.step },
  });
  return count === 1;
}

/**
 * Checks an authenticator code or a backup code of an enrolled user. The attempt is
 * counted (per account and per IP) before the code is checked, and given back if the
 * code was right or a replay of a right one.
 */
export async function verifySecondFactor(options: {
  db: Db;
  keyring: Keyring;
  userId: string;
  method: SecondFactorMethod;
  code: string;
  ip: string;
  now: Date;
  /**
   * Runs in the transaction that uses the code (claims the TOTP step, spends the backup
   * code): what the code was for happens with it or not at all. False means it could not
   * (the login's step had closed): the code stays unused. `used`: what the code was (a
   * temporary access code typed into the backup code field is "temporary-code").
   */
  whenAccepted?: (tx: DbOrTransaction, used: SecondFactorMethod) => Promise<boolean>;
  /**
   * Also accept the user's live temporary access code (method "temporary-code", or a backup
   * code that matched none): the login's challenge only, which must pass `whenAccepted` to
   * start the re-enrolment it forces. A wrong one counts like any wrong code.
   */
  temporaryCode?: boolean;
  /** What else records a lock this wrong code starts (its audit event), in the transaction of the lock's emails. */
  whenLocked?: (tx: DbOrTransaction) => Promise<void>;
  /** For method "passkey": the relying party and the session its challenge is bound to. */
  passkey?: PasskeyCheck;
}): Promise<SecondFactorResult> {
  const { db, userId, now } = options;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      organisationId: true,
      email: true,
      twoFactorStatus: true,
      totpSecret: true,
      totpLastStep: true,
      totpNearMissStep: true,
      totpNearMissOffset: true,
    },
  });
  // An enrolled user has an authenticator app, passkeys, or both (and backup codes either way).
  if (!user || user.twoFactorStatus !== "ACTIVE") return { ok: false, reason: "not-enrolled" };
  if (options.method === "totp" && !user.totpSecret) return { ok: false, reason: "not-enrolled" };
  if (options.method === "passkey" && (!options.passkey || !(await db.webAuthnCredential.count({ where: { userId } })))) {
    return { ok: false, reason: "not-enrolled" };
  }
  const reserved = await reserveSecondFactorAttempt({ db, userId, ip: options.ip, now });
  if (!reserved.ok) return reserved;

  let outcome: Awaited<ReturnType<typeof spendCode>> | "no-match";
  let clockDriftMinutes: number | null = null;
  if (options.method === "passkey") {
    outcome = await checkPasskey({
      db,
      user: { id: userId, email: user.email, organisationId: user.organisationId },
      code: options.code,
      ip: options.ip,
      check: options.passkey!,
      now,
      whenAccepted: options.whenAccepted,
    });
  } else if (options.method === "totp") {
    const secret = openTotpSecret(options.keyring, user.totpSecret!, userId);
    const match = matchTotpStep({ secret, code: options.code, now, lastStep: user.totpLastStep });
    if (!match) {
      outcome = "no-match";
      const nearMiss = findNearMiss({ secret, code: options.code, now });
      clockDriftMinutes = await noteTotpNearMiss({ db, userId, previous: storedNearMiss(user), nearMiss });
    } else if (match.replayed) outcome = "replayed";
    // Losing the claim means a parallel request with the same code won it.
    else outcome = await spendCode(db, (tx) => claimTotpStep({ db: tx, userId, step: match.step }), options.whenAccepted);
  } else {
    const id = options.method === "backup-code" ? await findBackupCode({ db, userId, input: options.code }) : null;
    if (id) outcome = await spendCode(db, (tx) => markBackupCodeUsed({ db: tx, id, now }), options.whenAccepted, "backup-code");
    else {
      // Users type a temporary access code wherever a code goes: the backup code field too.
      const temporary =
        options.temporaryCode && options.whenAccepted ? await findTemporaryAccessCode({ db, userId, input: options.code, now }) : null;
      outcome = temporary
        ? await spendCode(db, (tx) => markTemporaryAccessCodeUsed({ db: tx, id: temporary, now }), options.whenAccepted, "temporary-code")
        : "no-match";
    }
  }
  // A backup code, or the right authenticator code (even a replayed one), ends a row of near misses.
  if (storedNearMiss(user) && (options.method !== "totp" || outcome === "accepted" || outcome === "replayed")) {
    await forgetTotpNearMiss(db, userId);
  }
  if (outcome === "no-match") {
    await lockStarted(db, { userId, lock: reserved.lock, now, whenLocked: options.whenLocked });
    return { ok: false, reason: "wrong-code", lock: reserved.lock, ...(clockDriftMinutes ? { clockDriftMinutes } : {}) };
  }
  // A completed login cleared the account's counter itself; only the IP slot is given back then.
  if (outcome === "accepted" && options.whenAccepted) await releaseWindowSlot(db, reserved.attempt.ipSlot);
  else await releaseSecondFactorAttempt(db, reserved.attempt);
  if (outcome === "accepted") return { ok: true };
  return { ok: false, reason: outcome };
}

const STEP_CLOSED = Symbol("step closed");

/**
 * A passkey's answer as a second factor: any refusal (a challenge that is not this session's,
 * expired or used; another user's key; a bad signature; a cloned key) is a wrong code. A cloned
 * key is also audited: a copy of the user's security key may be out there.
 */
async function checkPasskey(options: {
  db: Db;
  user: { id: string; email: string; organisationId: string };
  code: string;
  ip: string;
  check: PasskeyCheck;
  now: Date;
  whenAccepted?: (tx: DbOrTransaction, used: SecondFactorMethod) => Promise<boolean>;
}): Promise<"accepted" | "step-closed" | "no-match"> {
  const { db, user, check, now, whenAccepted } = options;
  const response = parseAssertion(options.code);
  if (!response) return "no-match";
  const result = await verifyPasskeyAssertion({
    db,
    rp: check.rp,
    response,
    binding: { purpose: check.purpose, sessionId: check.sessionId, userId: user.id },
    now,
    whenAccepted: whenAccepted ? (tx) => whenAccepted(tx, "passkey") : undefined,
  });
  if (result.ok) return "accepted";
  if (result.reason === "step-closed") return "step-closed";
  if (result.reason === "cloned" && result.passkey) {
    await recordClonedPasskey(db, { userId: user.id, passkeyName: result.passkey.name, ip: options.ip, now });
  }
  return "no-match";
}

function parseAssertion(code: string) {
  try {
    const parsed = authenticationResponseSchema.safeParse(JSON.parse(code));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Uses a right code (`used`: which kind it was), and with it (in one transaction) does what it was for. */
async function spendCode(
  db: Db,
  spend: (tx: DbOrTransaction) => Promise<boolean>,
  whenAccepted: ((tx: DbOrTransaction, used: SecondFactorMethod) => Promise<boolean>) | undefined,
  used: SecondFactorMethod = "totp",
): Promise<"accepted" | "replayed" | "step-closed"> {
  if (!whenAccepted) return (await spend(db)) ? "accepted" : "replayed";
  try {
    return await db.$transaction(async (tx) => {
      if (!(await spend(tx))) return "replayed" as const;
      if (!(await whenAccepted(tx, used))) throw STEP_CLOSED; // rolls the code's use back
      return "accepted" as const;
    });
  } catch (error) {
    if (error === STEP_CLOSED) return "step-closed";
    throw error;
  }
}
