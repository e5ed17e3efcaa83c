import "server-only";
import type { Db } from "@/lib/db";
import { BACKUP_CODE_COUNT } from "@/lib/two-factor/backup-code-format";
import { loadSecurityOverview } from "@/lib/two-factor/security-overview";
import type { UserTwoFactorStatus } from "@/lib/two-factor/status";

export const RECENT_SIGN_INS = 5;

export interface SecurityStatus {
  status: UserTwoFactorStatus;
  /** The authenticator app is set up (2FA Active, or Locked after it was). */
  authenticatorApp: boolean;
  backupCodesLeft: number;
  backupCodesTotal: number;
  /** The user's last sign-ins, newest first. */
  recentSignIns: { at: string; ip: string | null }[];
}

/** What a user's dashboard shows about their own security. */
export async function loadSecurityStatus(options: { db: Db; userId: string; organisationId: string; now: Date }): Promise<SecurityStatus> {
  const { db, userId, organisationId, now } = options;
  const [overview, signIns] = await Promise.all([
    loadSecurityOverview({ db, userId, now }),
    db.auditEvent.findMany({
      where: { organisationId, type: "login.succeeded", targetId: userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: RECENT_SIGN_INS,
      select: { createdAt: true, ip: true },
    }),
  ]);
  return {
    status: overview.status,
    authenticatorApp: overview.enrolled,
    backupCodesLeft: overview.unusedBackupCodes,
    backupCodesTotal: BACKUP_CODE_COUNT,
    recentSignIns: signIns.map((event) => ({ at: event.createdAt.toISOString(), ip: event.ip })),
  };
}
