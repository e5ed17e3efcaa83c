import "server-only";
import type { DbOrTransaction } from "@/lib/db";

// A user's passkeys as the pages show them: never the public key or the credential id.

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** Synced (a passkey in a password manager or phone account) rather than bound to one device. */
  backedUp: boolean;
  backupEligible: boolean;
}

export function listPasskeys(db: DbOrTransaction, userId: string): Promise<PasskeySummary[]> {
  return db.webAuthnCredential.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, backedUp: true, backupEligible: true },
  });
}

export function countPasskeys(db: DbOrTransaction, userId: string): Promise<number> {
  return db.webAuthnCredential.count({ where: { userId } });
}
