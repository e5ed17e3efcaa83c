import "server-only";
import type { Db, DbOrTransaction } from "@/lib/db";
import { randomToken, sha256, type Keyring } from "@/lib/crypto";
import type { LoginMethod, TwoFactorStatus } from "@/lib/generated/prisma/enums";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { newPasswordProblem } from "@/lib/auth/password-rules";
import { queueEmail } from "@/lib/mail/outbox";
import { INVITATION_TOKEN_MAX_LENGTH } from "@/lib/validations/invitation";

// Invitations (issue 13): Add user makes an INVITED user and mails a single-use link. Only
// the token's SHA-256 is stored; the token itself rides sealed in the outbox row until the
// email is sent. The link lives 7 days; resending replaces the token (the old link dies),
// revoking deletes the invited user. Accepting sets the password and makes the user ACTIVE.

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export interface InvitationSecret {
  /** Goes into the email's link only. */
  token: string;
  tokenHash: string;
  expiresAt: Date;
}

/** A fresh token (256 bits) and its hash, valid for 7 days from `now`. */
export function newInvitationSecret(now: Date): InvitationSecret {
  const token = randomToken(32);
  return { token, tokenHash: sha256(token), expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS) };
}

/** The invitation's row and its email, in the caller's transaction (the one that made the user). */
export async function issueInvitation(
  tx: DbOrTransaction,
  options: {
    organisationId: string;
    user: { id: string; email: string; name: string };
    secret: InvitationSecret;
    invitedBy: { id: string; name: string };
    keyring: Keyring;
    now: Date;
  },
): Promise<void> {
  const { organisationId, user, secret, invitedBy, now } = options;
  await tx.invitation.create({
    data: { organisationId, userId: user.id, tokenHash: secret.tokenHash, expiresAt: secret.expiresAt, invitedById: invitedBy.id, createdAt: now },
    select: { id: true },
  });
  await queueInvitationEmail(tx, { organisationId, user, secret, invitedBy: invitedBy.name, keyring: options.keyring, now });
}

function queueInvitationEmail(
  tx: DbOrTransaction,
  options: {
    organisationId: string;
    user: { email: string; name: string };
    secret: InvitationSecret;
    invitedBy: string;
    keyring: Keyring;
    now: Date;
  },
) {
  const { organisationId, user, secret, now } = options;
  return queueEmail(
    tx,
    {
      template: "invitation",
      to: user.email,
      organisationId,
      recipientName: user.name,
      data: { invitedBy: options.invitedBy, expiresAt: secret.expiresAt.toISOString() },
    },
    { now, secret: { token: secret.token, keyring: options.keyring } },
  );
}

export type InvitationChangeResult = { ok: true; email: string } | { ok: false; reason: "not-invited" };

/** The admin's own organisation's invited user, or null (accepted, revoked, or someone else's). */
async function invitedUser(tx: DbOrTransaction, organisationId: string, userId: string) {
  return tx.user.findFirst({
    where: { id: userId, organisationId, accountStatus: "INVITED" },
    select: { id: true, email: true, name: true, role: true, invitation: { select: { id: true } } },
  });
}

/** Resend: a new token (the old link stops working), 7 days from now again, mailed and audited. */
export async function resendInvitation(options: {
  db: Db;
  keyring: Keyring;
  organisationId: string;
  userId: string;
  actor: AuditActor;
  ip: string;
  now: Date;
}): Promise<InvitationChangeResult> {
  const { db, organisationId, actor, now } = options;
  return db.$transaction(async (tx) => {
    const user = await invitedUser(tx, organisationId, options.userId);
    if (!user?.invitation) return { ok: false, reason: "not-invited" };
    const secret = newInvitationSecret(now);
    const { sentCount } = await tx.invitation.update({
      where: { id: user.invitation.id },
      data: { tokenHash: secret.tokenHash, expiresAt: secret.expiresAt, invitedById: actor.id, sentCount: { increment: 1 } },
      select: { sentCount: true },
    });
    const inviter = await tx.user.findUnique({ where: { id: actor.id }, select: { name: true } });
    await recordAudit(tx, { organisationId, type: "user.invitation_resent", actor, target: user, ip: options.ip, detail: { sentCount }, at: now });
    await queueInvitationEmail(tx, { organisationId, user, secret, invitedBy: inviter?.name || actor.email, keyring: options.keyring, now });
    return { ok: true, email: user.email };
  });
}

/** Revoke: the invited user is deleted with their invitation (the link dies with it); audited. */
export async function revokeInvitation(options: {
  db: Db;
  organisationId: string;
  userId: string;
  actor: AuditActor;
  ip: string;
  now: Date;
}): Promise<InvitationChangeResult> {
  const { db, organisationId, actor, now } = options;
  return db.$transaction(async (tx) => {
    const user = await invitedUser(tx, organisationId, options.userId);
    if (!user) return { ok: false, reason: "not-invited" };
    // Still INVITED at the moment of deletion: an acceptance that won the race keeps its account.
    const { count } = await tx.user.deleteMany({ where: { id: user.id, organisationId, accountStatus: "INVITED" } });
    if (count !== 1) return { ok: false, reason: "not-invited" };
    await recordAudit(tx, {
      organisationId,
      type: "user.invitation_revoked",
      actor,
      target: { id: user.id, email: user.email },
      ip: options.ip,
      detail: { name: user.name, role: user.role },
      at: now,
    });
    return { ok: true, email: user.email };
  });
}

/** What the invitation page shows about a valid link. */
export interface InvitationView {
  email: string;
  name: string;
  organisationName: string;
  expiresAt: Date;
}

/** The invitation a token opens, if it still does (unknown, used, revoked and expired links all give null). */
export async function findInvitation(options: { db: Db; token: string; now: Date }): Promise<InvitationView | null> {
  const { db, token, now } = options;
  if (!token || token.length > INVITATION_TOKEN_MAX_LENGTH) return null;
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: sha256(token) },
    select: { expiresAt: true, user: { select: { email: true, name: true, accountStatus: true, organisation: { select: { name: true } } } } },
  });
  if (!invitation || invitation.expiresAt <= now || invitation.user.accountStatus !== "INVITED") return null;
  return {
    email: invitation.user.email,
    name: invitation.user.name,
    organisationName: invitation.user.organisation.name,
    expiresAt: invitation.expiresAt,
  };
}

/** The user who accepted, with what the sign-in that follows needs (the same fields as a password step's). */
export interface AcceptedUser {
  id: string;
  email: string;
  organisationId: string;
  twoFactorStatus: TwoFactorStatus;
  twoFactorDueAt: Date | null;
  organisation: { id: string; name: string; accessListEnabled: boolean; accessListVersion: number; loginMethod: LoginMethod };
}

export type AcceptInvitationResult =
  { ok: true; user: AcceptedUser } | { ok: false; reason: "invalid" } | { ok: false; reason: "password"; message: string };

/**
 * The invited person chooses their password. Single use: the invitation row is deleted by a
 * conditional write (its hash, not yet expired), so of two parallel submits exactly one wins;
 * the user becomes ACTIVE with the password in the same transaction, audited.
 */
export async function acceptInvitation(options: { db: Db; token: string; password: string; ip: string; now: Date }): Promise<AcceptInvitationResult> {
  const { db, token, password, ip, now } = options;
  const found = await findInvitation({ db, token, now });
  if (!found) return { ok: false, reason: "invalid" };
  const problem = newPasswordProblem(password, found.email);
  if (problem) return { ok: false, reason: "password", message: problem };
  // Hashed only for a valid link (no argon2 for guessed tokens), before the transaction (no lock held meanwhile).
  const passwordHash = await hashPassword(password);
  const tokenHash = sha256(token);
  return db.$transaction(async (tx): Promise<AcceptInvitationResult> => {
    const invitation = await tx.invitation.findUnique({ where: { tokenHash }, select: { userId: true } });
    if (!invitation) return { ok: false, reason: "invalid" };
    const consumed = await tx.invitation.deleteMany({ where: { tokenHash, expiresAt: { gt: now } } });
    if (consumed.count !== 1) return { ok: false, reason: "invalid" };
    const user = await tx.user.update({
      where: { id: invitation.userId },
      data: { passwordHash, accountStatus: "ACTIVE", passwordChangedAt: now },
      select: {
        id: true,
        email: true,
        organisationId: true,
        twoFactorStatus: true,
        twoFactorDueAt: true,
        organisation: { select: { id: true, name: true, accessListEnabled: true, accessListVersion: true, loginMethod: true } },
      },
    });
    await recordAudit(tx, { organisationId: user.organisationId, type: "user.invitation_accepted", actor: user, target: user, ip, at: now });
    return { ok: true, user };
  });
}
