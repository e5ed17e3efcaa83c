import "server-only";
import type { Db } from "@/lib/db";
import { auditedAuthor, recordAuditMany, type ChangeAuthor } from "@/lib/audit";
import { accountKey } from "@/lib/auth/password-throttle";
import { foreignIds, ID_BATCH, targetWhere } from "@/lib/admin/bulk-two-factor";
import type { BulkTarget } from "@/lib/validations/admin";

export type RemoveUsersRefusal = {
  ok: false;
  /** foreign-users: a picked id is not in this organisation; self: the admin picked themself; last-admin: no admin would be left; none: nobody matched; selection-changed: not the number of users the admin confirmed. */
  reason: "foreign-users" | "self" | "last-admin" | "none" | "selection-changed";
};

export type RemoveUsersResult = { ok: true; removed: { id: string; email: string }[] } | RemoveUsersRefusal;

/**
 * Removes users of one organisation, with their sessions (every session record goes, so each
 * open session ends at its next request), backup codes and password-throttle rows, and one
 * `user.removed` audit event each, all in one transaction. Refuses the whole removal, changing
 * nothing, when it names a user of another organisation, the admin doing it, or every admin left.
 */
export async function removeUsers(
  options: {
    db: Db;
    organisationId: string;
    target: BulkTarget;
    /** The number of users the admin confirmed removing, when they saw one. */
    expectedCount?: number;
    now: Date;
  } & ChangeAuthor,
): Promise<RemoveUsersResult> {
  const { db, organisationId, now } = options;
  const scope = { db, organisationId, target: options.target, now };
  if (await foreignIds(scope)) return { ok: false, reason: "foreign-users" };
  return db.$transaction(
    async (tx): Promise<RemoveUsersResult> => {
      // Serialises removals in this organisation (a row lock on PostgreSQL; SQLite's writes already
      // queue): two admins removing each other at once cannot both pass the last-admin check.
      const locked = await tx.$executeRaw`UPDATE "Organisation" SET "slug" = "slug" WHERE "id" = ${organisationId}`;
      if (locked === 0) return { ok: false, reason: "none" };
      const users = await tx.user.findMany({
        where: targetWhere(scope),
        select: { id: true, email: true, name: true, role: true, accountStatus: true },
      });
      if (users.length === 0) return { ok: false, reason: "none" };
      if (options.expectedCount !== undefined && users.length !== options.expectedCount) return { ok: false, reason: "selection-changed" };
      if (options.actor && users.some((user) => user.id === options.actor!.id)) return { ok: false, reason: "self" };
      // An invited admin cannot sign in (yet): only admins with an account keep the organisation run.
      const adminsRemoved = users.filter((user) => user.role === "ADMIN" && user.accountStatus === "ACTIVE").length;
      if (adminsRemoved > 0 && (await tx.user.count({ where: { organisationId, role: "ADMIN", accountStatus: "ACTIVE" } })) === adminsRemoved) {
        return { ok: false, reason: "last-admin" };
      }
      for (let start = 0; start < users.length; start += ID_BATCH) {
        const batch = users.slice(start, start + ID_BATCH);
        await tx.rateLimit.deleteMany({ where: { key: { in: batch.map((user) => accountKey(user.email)) } } });
        // Sessions and backup codes go with the user (ON DELETE CASCADE).
        await tx.user.deleteMany({ where: { organisationId, id: { in: batch.map((user) => user.id) } } });
      }
      await recordAuditMany(
        tx,
        users.map((user) => ({
          organisationId,
          type: "user.removed" as const,
          target: { id: user.id, email: user.email },
          ...auditedAuthor(options, { name: user.name, role: user.role }),
          at: now,
        })),
      );
      return { ok: true, removed: users.map(({ id, email }) => ({ id, email })) };
    },
    { timeout: 60_000 },
  );
}
