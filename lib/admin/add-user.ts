import "server-only";
import crypto from "node:crypto";
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit, type AuditActor } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { twoFactorForNewUser } from "@/lib/admin/two-factor-policy";

/** A readable random password: 20 characters, about 100 bits. */
export function generatePassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
  return Array.from(crypto.randomBytes(20), (byte) => alphabet[byte % alphabet.length]).join("");
}

export type AddUserResult =
  { ok: true; user: { id: string; email: string }; generatedPassword: string | null } | { ok: false; field: "email"; message: string };

export async function addUser(options: {
  db: Db;
  organisationId: string;
  input: { name: string; email: string; role: "ADMIN" | "MEMBER"; password: string };
  actor: AuditActor;
  ip: string;
  now: Date;
}): Promise<AddUserResult> {
  const { db, organisationId, input, now } = options;
  const organisation = await db.organisation.findUniqueOrThrow({
    where: { id: organisationId },
    select: { requireTwoFactor: true, twoFactorGraceDays: true },
  });
  const generatedPassword = input.password ? null : generatePassword();
  // Hashed before the transaction opens: argon2 takes a while, and holds no lock.
  const passwordHash = await hashPassword(input.password || generatedPassword!);
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: {
          organisationId,
          name: input.name,
          email: input.email,
          role: input.role,
          passwordHash,
          ...twoFactorForNewUser(organisation, now),
        },
        select: { id: true, email: true },
      });
      await recordAudit(tx, {
        organisationId,
        type: "user.created",
        actor: options.actor,
        target: created,
        ip: options.ip,
        detail: { role: input.role },
        at: now,
      });
      return created;
    });
    return { ok: true, user, generatedPassword };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { ok: false, field: "email", message: "A user with this email address already exists." };
    }
    throw error;
  }
}
