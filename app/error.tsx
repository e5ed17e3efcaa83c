"use client";

import { StandalonePage } from "@/components/app-shell/standalone-page";
import { Button } from "@/components/ui/button";

/** Shown instead of a bare 500 when a page fails unexpectedly; nothing the user saved is lost. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StandalonePage>
      <h1 className="text-xl font-semibold text-foreground">Something went wrong on our side</h1>
      <p className="mt-2 text-sm text-muted-foreground">Nothing you saved was lost. Try again in a moment.</p>
      <Button className="mt-6" onClick={reset}>
        Try again
      </Button>
    </StandalonePage>
  );
}
