import { twoFactorStatusLabel, twoFactorStatusTone, type StatusTone, type UserTwoFactorStatus } from "@/lib/two-factor/status";

const TONES: Record<StatusTone, string> = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-200",
  warning: "bg-amber-50 text-amber-800 ring-amber-200",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  danger: "bg-red-50 text-red-800 ring-red-200",
};

export function TwoFactorStatusBadge({ status }: { status: UserTwoFactorStatus }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[twoFactorStatusTone(status)]}`}>
      {twoFactorStatusLabel(status)}
    </span>
  );
}
