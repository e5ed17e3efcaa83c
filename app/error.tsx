"use client";

import { StandalonePage } from "@/components/app-shell/standalone-page";
import { ErrorMessage } from "@/components/app-shell/page-messages";

/** Shown instead of a bare 500 when a page fails unexpectedly; nothing the user saved is lost. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StandalonePage>
      <ErrorMessage reset={reset} />
    </StandalonePage>
  );
}
