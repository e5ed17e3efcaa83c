import "server-only";
import type { Db, DbOrTransaction } from "@/lib/db";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { BACKUP_CODE_COUNT, generateBackupCode, normaliseBackupCode } from "@/lib/two-factor/backup-code-format";

/**
 * Makes a new set of codes that stays inactive until the enrolment or regeneration is
 * confirmed (activateBackupCodes). Returns them for display: this is the only time
 * they exist in plain text. An earlier unconfirmed set is discarded.
 */
export async function createPendingBackupCodes(options: { db: Db; userId: string }): Promise<string[]> {
  const codes = Array.from({ length: BACKUP_CODE_COUNT }, generateBackupCode);
  // argon2id like passwords (DESIGN §2), hashed in parallel.
  const hashes = await Promise.all(codes.map((code) => hashPassword(normaliseBackupCode(code)!)));
  await options.db.$transaction([
    options.db.backupCode.deleteMany({ where: { userId: options.userId, active: false } }),
    options.db.backupCode.createMany({ data: hashes.map((codeHash) => ({ userId: options.userId, codeHash })) }),
  ]);
  return codes;
}

/** Replaces a user's active codes with the pending ones (call inside a transaction). */
export async function activateBackupCodes(db: DbOrTransaction, userId: string): Promise<void> {
  await db.backupCode.deleteMany({ where: { userId, active: true } });
  await db.backupCode.updateMany({ where: { userId, active: false }, data: { active: true } });
}

/**
 * Uses one backup code. A code works once: the update only succeeds while the code is
 * unused, so of many parallel attempts with the same code exactly one wins; the others
 * are "replayed" (they had the real code, so they are not guesses).
 */
export async function consumeBackupCode(options: {
  db: Db;
  userId: string;
  input: string;
  now: Date;
}): Promise<"accepted" | "replayed" | "no-match"> {
  const id = await findBackupCode(options);
  if (!id) return "no-match";
  return (await markBackupCodeUsed({ db: options.db, id, now: options.now })) ? "accepted" : "replayed";
}

/** The id of the unused active code `input` is, or null (the argon2 checks run in parallel). */
export async function findBackupCode(options: { db: Db; userId: string; input: string }): Promise<string | null> {
  const normalised = normaliseBackupCode(options.input);
  if (!normalised) return null;
  const candidates = await options.db.backupCode.findMany({
    where: { userId: options.userId, active: true, usedAt: null },
    select: { id: true, codeHash: true },
  });
  const matches = await Promise.all(candidates.map((c) => verifyPassword(c.codeHash, normalised)));
  return candidates[matches.indexOf(true)]?.id ?? null;
}

/** Marks a code used, only while it is unused: of parallel uses exactly one gets true. */
export async function markBackupCodeUsed(options: { db: DbOrTransaction; id: string; now: Date }): Promise<boolean> {
  const { count } = await options.db.backupCode.updateMany({ where: { id: options.id, usedAt: null }, data: { usedAt: options.now } });
  return count === 1;
}

export function countUnusedBackupCodes(options: { db: Db; userId: string }): Promise<number> {
  return options.db.backupCode.count({ where: { userId: options.userId, active: true, usedAt: null } });
}
