"use client";

import { useState, type ReactNode } from "react";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { Alert } from "@/components/ui/alert";
import { isErrorCode } from "@/lib/auth/errors";

const NOT_SIGNED_OUT = "You are still signed in: signing out did not go through. Try again in a few seconds.";

/** Null when the session ended; what to tell the user otherwise. */
function failureOf(result: unknown): string | null {
  if (!result || typeof result !== "object" || !("ok" in result)) return NOT_SIGNED_OUT;
  if (result.ok === true) return null;
  const message = "message" in result && typeof result.message === "string" ? result.message : null;
  const code = "error" in result && isErrorCode(result.error) ? result.error : null;
  const reason = message ?? (code ? ERROR_MESSAGES[code] : null);
  return reason ? `You are still signed in: ${reason}` : NOT_SIGNED_OUT;
}

/**
 * Signs out, then loads the login page afresh (a full navigation, so no page of the
 * signed-in app stays in the client's router). Without JavaScript the form still posts.
 * When the session could not be ended (the database briefly unavailable), the user is told
 * they are still signed in, rather than being shown the login page as if they were not.
 */
export function SignOutForm({ signOut, children }: { signOut: (formData: FormData) => Promise<unknown>; children: ReactNode }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      action={async (formData) => {
        setError(null);
        const failure = failureOf(await signOut(formData).catch(() => undefined));
        if (failure) {
          setError(failure);
          return;
        }
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load on purpose: router.push would keep signed-in pages in the client cache
        window.location.assign("/login");
      }}
    >
      {children}
      {error ? <Alert className="mt-2 max-w-xs">{error}</Alert> : null}
    </form>
  );
}
