import type { TwoFactorDisplayStatus } from "@/lib/two-factor/display-status";

const STYLES: Record<TwoFactorDisplayStatus, string> = {
  Off: "bg-slate-100 text-slate-700 ring-slate-200",
  Required: "bg-amber-50 text-amber-800 ring-amber-200",
  Active: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  Locked: "bg-red-50 text-red-800 ring-red-200",
};

export function TwoFactorStatusBadge({ status }: { status: TwoFactorDisplayStatus }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status]}`}>
      {status}
    </span>
  );
}
