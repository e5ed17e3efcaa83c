import "server-only";
import type { Db, DbOrTransaction } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Role, TwoFactorStatus } from "@/lib/generated/prisma/enums";
import { auditedAuthor, recordAudit, type AuditActor, type ChangeAuthor } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { twoFactorForNewUser } from "@/lib/admin/two-factor-policy";
import { issueInvitation, newInvitationSecret } from "@/lib/admin/invitations";
import { queueEmail } from "@/lib/mail/outbox";

export interface NewUser {
  name: string;
  email: string;
  role: Role;
}

/** A created user as its creator may see it: never the hash. */
export interface CreatedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  twoFactorStatus: TwoFactorStatus;
  twoFactorDueAt: Date | null;
}

export const DUPLICATE_EMAIL = "A user with this email address already exists.";

/**
 * How the account starts: ACTIVE with a password the operator chose, or INVITED (no password
 * until the person accepts the invitation and chooses one).
 */
export type NewAccount = { accountStatus?: "ACTIVE"; passwordHash: string } | { accountStatus: "INVITED"; passwordHash?: undefined };

/**
 * Creates a user under the organisation's 2FA policy (read in the same transaction, so a
 * policy change cannot slip in between) and audits it: the one way a user comes to exist,
 * for the admin's Add user (invited), the operator's `users create` and a new organisation's first admin.
 */
export async function createUserUnderPolicy(
  tx: DbOrTransaction,
  options: { organisationId: string; user: NewUser; now: Date } & NewAccount & ChangeAuthor,
): Promise<CreatedUser> {
  const { organisationId, user, now } = options;
  const invited = options.accountStatus === "INVITED";
  const organisation = await tx.organisation.findUniqueOrThrow({
    where: { id: organisationId },
    select: { requireTwoFactor: true, twoFactorGraceDays: true },
  });
  const created = await tx.user.create({
    data: {
      organisationId,
      ...user,
      passwordHash: invited ? "" : options.passwordHash!,
      accountStatus: invited ? "INVITED" : "ACTIVE",
      ...twoFactorForNewUser(organisation, now),
    },
    select: { id: true, email: true, name: true, role: true, twoFactorStatus: true, twoFactorDueAt: true },
  });
  await recordAudit(tx, {
    organisationId,
    type: invited ? "user.invited" : "user.created",
    target: created,
    ...auditedAuthor(options, { role: user.role }),
    at: now,
  });
  return created;
}

/** A unique-constraint failure on the user's email, told apart from every other failure. */
export function isDuplicateEmail(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * What the admin is told. "Invitation sent" is the same answer whether a new user was invited
 * or the address already belongs to someone in another organisation (no cross-tenant oracle);
 * only a user of the admin's own organisation is named as a duplicate.
 */
export type AddUserResult = { ok: true; email: string } | { ok: false; field: "email"; message: string };

/**
 * The admin's Add user: an invitation, never a password. The user starts INVITED under the
 * 2FA policy, with a single-use link mailed in the same transaction. An address already in
 * another organisation creates nothing here: its owner is mailed instead, and the admin gets
 * the same answer, after about the same work.
 */
export async function addUser(options: {
  db: Db;
  keyring: Keyring;
  organisationId: string;
  input: NewUser;
  actor: AuditActor;
  ip: string;
  now: Date;
}): Promise<AddUserResult> {
  const { db } = options;
  try {
    return await db.$transaction((tx) => inviteOrTellOwner(tx, options));
  } catch (error) {
    if (!isDuplicateEmail(error)) throw error;
    // Someone created the address in between: decide again, now that it exists.
    return db.$transaction((tx) => inviteOrTellOwner(tx, options));
  }
}

async function inviteOrTellOwner(tx: DbOrTransaction, options: Parameters<typeof addUser>[0]): Promise<AddUserResult> {
  const { organisationId, input, actor, now } = options;
  const owner = await tx.user.findUnique({ where: { email: input.email }, select: { organisationId: true, name: true } });
  if (owner?.organisationId === organisationId) return { ok: false, field: "email", message: DUPLICATE_EMAIL };
  // Both answers below read the same rows and make a secret: their work differs by one insert or two.
  const [inviting, inviter] = await Promise.all([
    tx.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { name: true } }),
    tx.user.findUnique({ where: { id: actor.id }, select: { name: true } }),
  ]);
  const secret = newInvitationSecret(now);
  if (owner) {
    await queueEmail(
      tx,
      {
        template: "invitation-existing-account",
        to: input.email,
        organisationId: owner.organisationId,
        recipientName: owner.name,
        data: { invitingOrganisation: inviting.name },
      },
      { now },
    );
    return { ok: true, email: input.email };
  }
  const created = await createUserUnderPolicy(tx, { ...options, user: input, accountStatus: "INVITED" });
  await issueInvitation(tx, {
    organisationId,
    user: created,
    secret,
    invitedBy: { id: actor.id, name: inviter?.name || actor.email },
    keyring: options.keyring,
    now,
  });
  return { ok: true, email: created.email };
}

/** The operator's `users create`: an ACTIVE user with the password read from stdin (already checked against the rules). */
export async function createUserWithPassword(
  options: { db: Db; organisationId: string; input: NewUser & { password: string }; now: Date } & ChangeAuthor,
): Promise<{ ok: true; user: CreatedUser } | { ok: false; field: "email"; message: string }> {
  const { db, input } = options;
  const { password, ...user } = input;
  // Hashed before the transaction opens: argon2 takes a while, and holds no lock.
  const passwordHash = await hashPassword(password);
  try {
    const created = await db.$transaction((tx) => createUserUnderPolicy(tx, { ...options, user, passwordHash }));
    return { ok: true, user: created };
  } catch (error) {
    if (isDuplicateEmail(error)) return { ok: false, field: "email", message: DUPLICATE_EMAIL };
    throw error;
  }
}
