import { twoFactorStatusLabel, twoFactorStatusTone, type StatusTone, type UserTwoFactorStatus } from "@/lib/two-factor/status";

const TONES: Record<StatusTone, string> = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-200",
  warning: "bg-amber-50 text-amber-800 ring-amber-200",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  danger: "bg-red-50 text-red-800 ring-red-200",
};

/** The 2FA status; a Locked one also says until when and after how many wrong codes. */
export function TwoFactorStatusBadge({ status, lock }: { status: UserTwoFactorStatus; lock?: { failures: number; until: string | null } | null }) {
  const badge = (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[twoFactorStatusTone(status)]}`}>
      {twoFactorStatusLabel(status)}
    </span>
  );
  if (status !== "locked" || !lock) return badge;
  const until = lock.until
    ? `until ${new Date(lock.until).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })}`
    : "until an admin unlocks";
  return (
    <span className="inline-flex flex-col items-start gap-0.5">
      {badge}
      {/* Local time: the browser may differ from the server that rendered it first. */}
      <span className="text-xs text-slate-600" data-testid="lock-detail" suppressHydrationWarning>
        {until} · {lock.failures} wrong {lock.failures === 1 ? "code" : "codes"}
      </span>
    </span>
  );
}
