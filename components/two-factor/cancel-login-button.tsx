"use client";

import { useTransition } from "react";

/** Abandons a pending login (signs the half-open session out) and returns to the login page. */
export function CancelLoginButton({ cancel }: { cancel: () => Promise<unknown> }) {
  const [pending, startTransition] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => startTransition(() => void cancel())}
      className="text-sm font-medium text-slate-600 underline-offset-4 hover:text-slate-900 hover:underline"
    >
      Cancel and log in as someone else
    </button>
  );
}
