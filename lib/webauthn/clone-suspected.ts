import "server-only";
import type { DbOrTransaction } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { noticeFor } from "@/lib/mail/notices";
import { queueEmail } from "@/lib/mail/outbox";

// A signed answer whose counter went back (lib/webauthn/authentication.ts "cloned"): the key's
// holder signed it, so a copy of the user's security key is out there. Refused where it was
// offered; recorded here, once, for the admins (audit) and the user (email).

export async function recordClonedPasskey(
  db: DbOrTransaction,
  options: { userId: string; passkeyName: string; ip: string; now: Date },
): Promise<void> {
  const user = await db.user.findUnique({ where: { id: options.userId }, select: { id: true, email: true, name: true, organisationId: true } });
  if (!user) return;
  const { passkeyName: name, ip, now } = options;
  await recordAudit(db, {
    organisationId: user.organisationId,
    type: "passkey.clone_suspected",
    actor: null,
    target: user,
    ip,
    detail: { name },
    at: now,
  });
  await queueEmail(db, noticeFor(user, "passkey-clone-suspected", { name, at: now.toISOString(), ip }), { now });
}
