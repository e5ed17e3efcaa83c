import "server-only";
import type { Db } from "@/lib/db";
import { countUnusedBackupCodes } from "@/lib/two-factor/backup-codes";
import { twoFactorMethodsOf } from "@/lib/admin/two-factor-methods";
import { NO_METHODS, type TwoFactorMethods } from "@/lib/two-factor/methods";
import { userTwoFactorStatus, type UserTwoFactorStatus } from "@/lib/two-factor/status";

export interface SecurityOverview {
  status: UserTwoFactorStatus;
  /** Enrolled (even while locked): the settings offer a change of authenticator, not a set-up. */
  enrolled: boolean;
  /** Unused backup codes of an enrolled user; 0 otherwise. */
  unusedBackupCodes: number;
  /** The second factors set up (an app, passkeys): a user with passkeys only is enrolled too. */
  methods: TwoFactorMethods;
}

/** What the security settings show about a user's own 2FA. */
export async function loadSecurityOverview(options: { db: Db; userId: string; now: Date }): Promise<SecurityOverview> {
  const { db, userId } = options;
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { twoFactorStatus: true, twoFactorFailures: true, twoFactorLockedUntil: true, totpSecret: true },
  });
  const enrolled = user.twoFactorStatus === "ACTIVE";
  return {
    status: userTwoFactorStatus(user, options.now),
    enrolled,
    unusedBackupCodes: enrolled ? await countUnusedBackupCodes({ db, userId }) : 0,
    methods: (await twoFactorMethodsOf(db, [userId])).get(userId) ?? NO_METHODS,
  };
}
