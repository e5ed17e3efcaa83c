import "server-only";
import type { DbOrTransaction } from "@/lib/db";

// Trusted browsers ("Trust this browser for N days", DESIGN §2): a browser that passed the
// second factor skips it (never the password, never the Access List) until it expires or
// is forgotten.

/** Forgets every trusted browser of these users (Disable/Reset 2FA, password change, a temporary access code). Returns how many. */
export async function forgetTrustedBrowsersOf(db: DbOrTransaction, userIds: string[]): Promise<number> {
  const { count } = await db.trustedDevice.deleteMany({ where: { userId: { in: userIds } } });
  return count;
}
