import Link from "next/link";
import { StandalonePage } from "@/components/app-shell/standalone-page";
import { buttonVariants } from "@/components/ui/button";

// Also what a member sees on an admin page (requireAdmin answers notFound(): as if it did not exist).
export default function NotFound() {
  return (
    <StandalonePage>
      <h1 className="text-xl font-semibold text-foreground">Page not found</h1>
      <p className="mt-2 text-sm text-muted-foreground">There is nothing here, or you do not have access to it.</p>
      <Link href="/dashboard" className={buttonVariants({ className: "mt-6" })}>
        Go to the dashboard
      </Link>
    </StandalonePage>
  );
}
