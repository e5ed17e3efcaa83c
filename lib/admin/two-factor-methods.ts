import "server-only";
import type { DbOrTransaction } from "@/lib/db";
import { NO_METHODS, type TwoFactorMethods } from "@/lib/two-factor/methods";

// Ids per query: within SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 500;

/**
 * The methods of each of these users (absent: none), for a page of the admin table or a batch
 * of the export: per 500 users, one query for who has an app (the secret itself is never read)
 * and one grouped count of passkeys.
 */
export async function twoFactorMethodsOf(db: DbOrTransaction, userIds: string[]): Promise<Map<string, TwoFactorMethods>> {
  const methods = new Map<string, TwoFactorMethods>();
  const of = (id: string) => methods.get(id) ?? { ...NO_METHODS };
  for (let start = 0; start < userIds.length; start += CHUNK) {
    const ids = userIds.slice(start, start + CHUNK);
    const [withApp, passkeys] = await Promise.all([
      db.user.findMany({ where: { id: { in: ids }, totpSecret: { not: null } }, select: { id: true } }),
      db.webAuthnCredential.groupBy({ by: ["userId"], where: { userId: { in: ids } }, _count: { _all: true } }),
    ]);
    for (const { id } of withApp) methods.set(id, { ...of(id), app: true });
    for (const row of passkeys) methods.set(row.userId, { ...of(row.userId), passkeys: row._count._all });
  }
  return methods;
}
