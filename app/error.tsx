"use client";

import { Button } from "@/components/ui/button";

/** Shown instead of a bare 500 when a page fails unexpectedly; nothing the user saved is lost. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-xl font-semibold text-slate-900">Something went wrong on our side</h1>
      <p className="mt-2 text-sm text-slate-600">Nothing you saved was lost. Try again in a moment.</p>
      <Button className="mt-6" onClick={reset}>
        Try again
      </Button>
    </main>
  );
}
