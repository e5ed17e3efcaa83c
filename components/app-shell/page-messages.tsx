"use client";

import Link from "next/link";
import { Button, buttonVariants } from "@/components/ui/button";

// The words of the not-found and error pages, shown in whichever frame the page has: inside the
// app shell's (or the login's) <main> when that layout rendered, else in StandalonePage.

export function NotFoundMessage() {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <h1 className="text-xl font-semibold text-foreground">Page not found</h1>
      <p className="mt-2 text-sm text-muted-foreground">There is nothing here, or you do not have access to it.</p>
      <Link href="/dashboard" className={buttonVariants({ className: "mt-6" })}>
        Go to the dashboard
      </Link>
    </div>
  );
}

export function ErrorMessage({ reset }: { reset: () => void }) {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <h1 className="text-xl font-semibold text-foreground">Something went wrong on our side</h1>
      <p className="mt-2 text-sm text-muted-foreground">Nothing you saved was lost. Try again in a moment.</p>
      <Button className="mt-6" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
