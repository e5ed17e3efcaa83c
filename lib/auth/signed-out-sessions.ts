import "server-only";
import type { Db } from "@/lib/db";

// Signing out deletes the cookie, but a request already in flight with the old token would
// roll it forward and set it again. So a signed-out session's id is remembered on the
// user's row (read with the row on every request anyway) until its 12 hours are up.
const LIMIT = 50;

interface SignedOut {
  sid: string;
  until: number;
}

function parse(value: string | null): SignedOut[] {
  if (!value) return [];
  try {
    const list: unknown = JSON.parse(value);
    return Array.isArray(list) ? list.filter((e): e is SignedOut => typeof e?.sid === "string" && typeof e?.until === "number") : [];
  } catch {
    return [];
  }
}

export function isSignedOut(signedOutSessions: string | null, sid: string): boolean {
  return parse(signedOutSessions).some((entry) => entry.sid === sid);
}

/** Remembers a signed-out session until `until` (when its token could not live any longer). */
export async function recordSignOut(options: { db: Db; userId: string; sid: string; until: number; now: Date }): Promise<void> {
  const { db, userId } = options;
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { signedOutSessions: true } });
    if (!user) return;
    const now = options.now.getTime();
    const kept = parse(user.signedOutSessions).filter((entry) => entry.until > now && entry.sid !== options.sid);
    const list = [...kept, { sid: options.sid, until: options.until }].slice(-LIMIT);
    await tx.user.update({ where: { id: userId }, data: { signedOutSessions: JSON.stringify(list) } });
  });
}
