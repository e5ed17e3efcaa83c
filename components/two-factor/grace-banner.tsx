import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

/** Shown while a user's organisation requires 2FA and their grace period runs. */
export function GraceBanner({ daysLeft }: { daysLeft: number }) {
  return (
    <Alert tone="warning" data-testid="grace-banner" className="mb-6 flex flex-wrap items-center justify-between gap-3 px-4 py-3">
      <p>
        Your organisation requires two-factor authentication. Set it up within{" "}
        <strong>
          {daysLeft} {daysLeft === 1 ? "day" : "days"}
        </strong>
        : after that you will have to set it up when you log in.
      </p>
      <Link href="/settings/security" className={cn(buttonVariants({ variant: "link" }), "min-h-11 text-warning underline sm:min-h-9")}>
        Set up now
      </Link>
    </Alert>
  );
}
