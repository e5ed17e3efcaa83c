import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";

/** What an invitation link that no longer works shows, on the page and after a refused submit. */
export function InvitationInvalid() {
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold text-foreground">This invitation link is no longer valid</h1>
      <p className="text-sm text-muted-foreground">
        It was already used, replaced by a newer invitation, revoked, or it expired (a link works once, for 7 days). Ask your admin to resend it.
      </p>
      <p className="text-sm text-muted-foreground">Already chose your password? Log in instead.</p>
      <Link href="/login" className={buttonVariants({ variant: "secondary" })}>
        Go to the login page
      </Link>
    </div>
  );
}
