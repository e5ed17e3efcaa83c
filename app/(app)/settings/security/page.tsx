import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { TwoFactorStatusBadge } from "@/components/two-factor/status-badge";
import { db } from "@/lib/db";
import { requireUser } from "@/lib/auth/current-user";
import { countUnusedBackupCodes } from "@/lib/two-factor/backup-codes";
import { userTwoFactorStatus } from "@/lib/two-factor/status";
import { SecuritySettings } from "./security-settings";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage() {
  const user = await requireUser();
  const record = await db.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { twoFactorStatus: true, twoFactorFailures: true, twoFactorLockedUntil: true, twoFactorEnrolledAt: true },
  });
  const unusedCodes = record.twoFactorStatus === "ACTIVE" ? await countUnusedBackupCodes({ db, userId: user.id }) : 0;
  return (
    <>
      <PageHeader title="Settings" description="Your account." />
      <SettingsTabs current="/settings/security" />
      <div className="max-w-2xl space-y-6">
        <section className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200" aria-labelledby="two-factor-heading">
          <div className="flex items-center justify-between gap-4">
            <h2 id="two-factor-heading" className="text-base font-semibold text-slate-900">
              Two-factor authentication
            </h2>
            <span data-testid="two-factor-status">
              <TwoFactorStatusBadge status={userTwoFactorStatus(record, new Date())} />
            </span>
          </div>
          {record.twoFactorStatus === "ACTIVE" ? (
            <p className="mt-2 text-sm text-slate-600" data-testid="unused-backup-codes">
              {unusedCodes} of 10 backup codes unused.
              {unusedCodes <= 3 ? " Regenerate them soon, before you run out." : ""}
            </p>
          ) : null}
          <SecuritySettings active={record.twoFactorStatus === "ACTIVE"} />
        </section>
      </div>
    </>
  );
}
