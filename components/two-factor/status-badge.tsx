import { Badge } from "@/components/ui/badge";
import { twoFactorStatusLabel, twoFactorStatusTone, type UserTwoFactorStatus } from "@/lib/two-factor/status";

/** The 2FA status as a Badge in its tone (Off neutral, Required warning, Active success, Locked danger); a Locked one also says until when and after how many wrong codes. */
export function TwoFactorStatusBadge({ status, lock }: { status: UserTwoFactorStatus; lock?: { failures: number; until: string | null } | null }) {
  const badge = <Badge tone={twoFactorStatusTone(status)}>{twoFactorStatusLabel(status)}</Badge>;
  if (status !== "locked" || !lock) return badge;
  const until = lock.until
    ? `until ${new Date(lock.until).toLocaleString([], { dateStyle: "medium", timeStyle: "short" })}`
    : "until an admin unlocks";
  return (
    <span className="inline-flex flex-col items-start gap-0.5">
      {badge}
      {/* Local time: the browser may differ from the server that rendered it first. */}
      <span className="text-xs text-muted-foreground" data-testid="lock-detail" suppressHydrationWarning>
        {until} · {lock.failures} wrong {lock.failures === 1 ? "code" : "codes"}
      </span>
    </span>
  );
}
