import "server-only";
import crypto from "node:crypto";
import type { Db, DbOrTransaction } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Role, TwoFactorStatus } from "@/lib/generated/prisma/enums";
import { auditedAuthor, recordAudit, type ChangeAuthor } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { twoFactorForNewUser } from "@/lib/admin/two-factor-policy";

/** A readable random password: 20 characters, about 100 bits. */
export function generatePassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
  return Array.from(crypto.randomBytes(20), (byte) => alphabet[byte % alphabet.length]).join("");
}

export interface NewUser {
  name: string;
  email: string;
  role: Role;
}

/** A created user as its creator may see it: never the hash. */
export interface CreatedUser {
  id: string;
  email: string;
  role: Role;
  twoFactorStatus: TwoFactorStatus;
  twoFactorDueAt: Date | null;
}

export const DUPLICATE_EMAIL = "A user with this email address already exists.";

export type AddUserResult = { ok: true; user: CreatedUser; generatedPassword: string | null } | { ok: false; field: "email"; message: string };

/**
 * Creates a user under the organisation's 2FA policy (read in the same transaction, so a
 * policy change cannot slip in between) and audits it: the one way a user comes to exist,
 * for the admin's Add user, the operator's `users create` and a new organisation's first admin.
 */
export async function createUserUnderPolicy(
  tx: DbOrTransaction,
  options: { organisationId: string; user: NewUser; passwordHash: string; now: Date } & ChangeAuthor,
): Promise<CreatedUser> {
  const { organisationId, user, now } = options;
  const organisation = await tx.organisation.findUniqueOrThrow({
    where: { id: organisationId },
    select: { requireTwoFactor: true, twoFactorGraceDays: true },
  });
  const created = await tx.user.create({
    data: { organisationId, ...user, passwordHash: options.passwordHash, ...twoFactorForNewUser(organisation, now) },
    select: { id: true, email: true, role: true, twoFactorStatus: true, twoFactorDueAt: true },
  });
  await recordAudit(tx, {
    organisationId,
    type: "user.created",
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

/** Add user (admin) and `users create` (operator). An empty password makes one up, shown once. */
export async function addUser(
  options: {
    db: Db;
    organisationId: string;
    input: NewUser & { password: string };
    now: Date;
  } & ChangeAuthor,
): Promise<AddUserResult> {
  const { db, input } = options;
  const { password, ...user } = input;
  const generatedPassword = password ? null : generatePassword();
  // Hashed before the transaction opens: argon2 takes a while, and holds no lock.
  const passwordHash = await hashPassword(password || generatedPassword!);
  try {
    const created = await db.$transaction((tx) => createUserUnderPolicy(tx, { ...options, user, passwordHash }));
    return { ok: true, user: created, generatedPassword };
  } catch (error) {
    if (isDuplicateEmail(error)) return { ok: false, field: "email", message: DUPLICATE_EMAIL };
    throw error;
  }
}
