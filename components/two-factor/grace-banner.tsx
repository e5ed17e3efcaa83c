import Link from "next/link";

/** Shown while a user's organisation requires 2FA and their grace period runs. */
export function GraceBanner({ daysLeft }: { daysLeft: number }) {
  return (
    <div
      role="status"
      data-testid="grace-banner"
      className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200"
    >
      <p>
        Your organisation requires two-factor authentication. Set it up within{" "}
        <strong>
          {daysLeft} {daysLeft === 1 ? "day" : "days"}
        </strong>
        : after that you will have to set it up when you log in.
      </p>
      <Link href="/settings/security" className="font-semibold text-amber-900 underline underline-offset-4">
        Set up now
      </Link>
    </div>
  );
}
