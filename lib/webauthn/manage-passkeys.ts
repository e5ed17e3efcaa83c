import "server-only";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import type { Db } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import type { ErrorCode } from "@/lib/auth/errors";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { forgetTrustedBrowsersAudited } from "@/lib/auth/trusted-browsers";
import { recordAudit } from "@/lib/audit";
import { reauthenticate, type StepUpMethod } from "@/lib/auth/reauthenticate";
import { noticeFor } from "@/lib/mail/notices";
import { queueEmail } from "@/lib/mail/outbox";
import type { RegistrationResponse } from "@/lib/validations/passkey";
import { passkeyRegistrationOptions, storePasskey, verifyPasskeyRegistration, type RegistrationRefusal } from "./registration";
import type { RelyingParty } from "./relying-party";

// Settings > Security > Passkeys and security keys (issue 15): a signed-in user with 2FA on adds
// a passkey (after their password and a second factor), renames one, or removes one (again after
// their password and a second factor). Each change is audited and emailed in its transaction.
// Someone else's passkey id (another user's, another organisation's) reads as an unknown one.

/** The signed-in caller: a registration's challenge and a passkey step-up are bound to this session. */
export interface PasskeyCaller {
  id: string;
  sessionId: string;
}

/** The second factor of a step-up: `code` is the passkey's answer (JSON) for "passkey". */
export interface StepUp {
  password: string;
  method: StepUpMethod;
  code: string;
}

export type StepUpRefusal = { ok: false; error: ErrorCode; field?: "password" | "code" };

const owner = (db: Db, userId: string) =>
  db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, name: true, organisationId: true, twoFactorStatus: true, totpSecret: true },
  });

/**
 * Step one of adding a passkey: the password and a second factor, then the options for
 * navigator.credentials.create() with a challenge bound to this session (5 minutes, single use).
 * Only a user whose 2FA is active adds one here (the step-up refuses anyone else).
 */
export async function beginPasskeyRegistration(options: {
  db: Db;
  keyring: Keyring;
  rp: RelyingParty;
  user: PasskeyCaller;
  stepUp: StepUp;
  ip: string;
  now: Date;
}): Promise<{ ok: true; options: PublicKeyCredentialCreationOptionsJSON } | StepUpRefusal> {
  const { db, rp, user, stepUp, ip, now } = options;
  const check = await reauthenticate({ db, keyring: options.keyring, userId: user.id, ...stepUp, sessionId: user.sessionId, rp, ip, now });
  if (!check.ok) return check;
  const row = await owner(db, user.id);
  return {
    ok: true,
    options: await passkeyRegistrationOptions({ db, rp, user: { ...row, name: row.name ?? "" }, sessionId: user.sessionId, now }),
  };
}

export type AddPasskeyResult = { ok: true; id: string } | { ok: false; reason: RegistrationRefusal | "not-enrolled" };

/**
 * Step two: the authenticator's new credential, for the challenge step one issued to this
 * session, stored under `name`, audited and emailed in one transaction.
 */
export async function addPasskey(options: {
  db: Db;
  rp: RelyingParty;
  user: PasskeyCaller;
  response: RegistrationResponse;
  name: string;
  ip: string;
  now: Date;
}): Promise<AddPasskeyResult> {
  const { db, rp, user, name, ip, now } = options;
  const row = await owner(db, user.id);
  if (row.twoFactorStatus !== "ACTIVE") return { ok: false, reason: "not-enrolled" };
  const verified = await verifyPasskeyRegistration({ db, rp, response: options.response, sessionId: user.sessionId, userId: user.id, now });
  if (!verified.ok) return verified;
  const TAKEN = Symbol("taken");
  try {
    const stored = await db.$transaction(async (tx) => {
      const created = await storePasskey(tx, { user: row, passkey: verified.passkey, name, now });
      if (!created) throw TAKEN;
      await recordAudit(tx, {
        organisationId: row.organisationId,
        type: "passkey.added",
        actor: row,
        target: row,
        ip,
        detail: { name, synced: verified.passkey.backedUp },
        at: now,
      });
      await queueEmail(tx, noticeFor(row, "passkey-added", { name }), { now });
      return created;
    });
    return { ok: true, id: stored.id };
  } catch (error) {
    if (error === TAKEN) return { ok: false, reason: "credential-taken" };
    throw error;
  }
}

/** One of the caller's own passkeys, or null (unknown, another user's, another organisation's). */
async function ownPasskey(db: Db, user: { id: string; organisationId: string }, id: string) {
  return db.webAuthnCredential.findFirst({ where: { id, userId: user.id, organisationId: user.organisationId }, select: { id: true, name: true } });
}

export type RenamePasskeyResult = { ok: true } | { ok: false; reason: "not-found" };

/** A new name for one of the caller's passkeys (the session is enough: nothing gets weaker). */
export async function renamePasskey(options: {
  db: Db;
  user: PasskeyCaller;
  id: string;
  name: string;
  ip: string;
  now: Date;
}): Promise<RenamePasskeyResult> {
  const { db, name, ip, now } = options;
  const row = await owner(db, options.user.id);
  const passkey = await ownPasskey(db, row, options.id);
  if (!passkey) return { ok: false, reason: "not-found" };
  if (passkey.name === name) return { ok: true };
  return db.$transaction(async (tx) => {
    const { count } = await tx.webAuthnCredential.updateMany({ where: { id: passkey.id, userId: row.id }, data: { name } });
    if (count !== 1) return { ok: false, reason: "not-found" } as const;
    await recordAudit(tx, {
      organisationId: row.organisationId,
      type: "passkey.renamed",
      actor: row,
      target: row,
      ip,
      detail: { from: passkey.name, to: name },
      at: now,
    });
    await queueEmail(tx, noticeFor(row, "passkey-renamed", { from: passkey.name, to: name }), { now });
    return { ok: true } as const;
  });
}

export type RemovePasskeyResult =
  | { ok: true; name: string }
  /** "last-factor": it is the user's only second factor (no authenticator app, no other passkey). */
  | { ok: false; reason: "not-found" | "last-factor" }
  | (StepUpRefusal & { reason?: undefined });

/**
 * Removes one of the caller's passkeys after their password and a second factor (any of their
 * passkeys counts, this one too). The last second factor stays: a user with no authenticator
 * app keeps their only passkey until they add another way.
 */
export async function removePasskey(options: {
  db: Db;
  keyring: Keyring;
  rp: RelyingParty;
  user: PasskeyCaller;
  id: string;
  stepUp: StepUp;
  ip: string;
  now: Date;
}): Promise<RemovePasskeyResult> {
  const { db, rp, stepUp, ip, now } = options;
  const row = await owner(db, options.user.id);
  const passkey = await ownPasskey(db, row, options.id);
  if (!passkey) return { ok: false, reason: "not-found" };
  // Asked before the step-up too, so a refusal spends no attempt.
  if (!row.totpSecret && (await db.webAuthnCredential.count({ where: { userId: row.id } })) <= 1) return { ok: false, reason: "last-factor" };
  const check = await reauthenticate({ db, keyring: options.keyring, userId: row.id, ...stepUp, sessionId: options.user.sessionId, rp, ip, now });
  if (!check.ok) return check;
  return db.$transaction(async (tx) => {
    // Touching the user's row first serialises one user's removals (PostgreSQL row lock; SQLite
    // writes one transaction at a time): two parallel removals never leave the user with none.
    await tx.user.updateMany({ where: { id: row.id }, data: { updatedAt: now } });
    const user = await tx.user.findUniqueOrThrow({ where: { id: row.id }, select: { totpSecret: true } });
    const others = await tx.webAuthnCredential.count({ where: { userId: row.id, id: { not: passkey.id } } });
    if (!user.totpSecret && others === 0) return { ok: false, reason: "last-factor" } as const;
    const { count } = await tx.webAuthnCredential.deleteMany({ where: { id: passkey.id, userId: row.id } });
    if (count !== 1) return { ok: false, reason: "not-found" } as const;
    // A passkey is removed because it is lost or in someone else's hands: whatever was signed in
    // with it (another session, a browser trusted after it) goes with it, as after a password change.
    const ended = await revokeUserSessions({ db: tx, userIds: [row.id], exceptSessionId: options.user.sessionId, reason: "passkey-removed", now });
    await forgetTrustedBrowsersAudited(tx, { organisationId: row.organisationId, users: [row], actor: row, ip, reason: "passkey-removed", now });
    await recordAudit(tx, {
      organisationId: row.organisationId,
      type: "passkey.removed",
      actor: row,
      target: row,
      ip,
      detail: { name: passkey.name, sessionsEnded: ended },
      at: now,
    });
    await queueEmail(tx, noticeFor(row, "passkey-removed", { name: passkey.name }), { now });
    return { ok: true, name: passkey.name } as const;
  });
}
