"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { ErrorCode } from "@/lib/auth/errors";
import type { LoginStepResponse } from "@/lib/next/login-route";

/** Sends one login step to the login route (as the plain form would) and returns its answer. */
export async function postLoginStep(form: FormData): Promise<LoginStepResponse> {
  const body = new URLSearchParams();
  for (const [name, value] of form) if (typeof value === "string") body.append(name, value);
  try {
    const response = await fetch("/api/login", { method: "POST", body, headers: { Accept: "application/json" } });
    return (await response.json()) as LoginStepResponse;
  } catch {
    return { ok: false, error: "INTERNAL" };
  }
}

/**
 * A login step's form: a plain POST to /api/login that works before hydration, taken over
 * once the page is interactive (the answer shows in place; success navigates).
 */
export function useLoginStepForm(initialError?: ErrorCode, initialClockDriftMinutes?: number) {
  const router = useRouter();
  const [result, setResult] = useState<LoginStepResponse | null>(
    initialError ? { ok: false, error: initialError, ...(initialClockDriftMinutes ? { clockDriftMinutes: initialClockDriftMinutes } : {}) } : null,
  );
  const [pending, setPending] = useState(false);

  /** Posts these fields as the step: on to the next page, or the refusal shown. */
  async function send(form: FormData) {
    setPending(true);
    const answer = await postLoginStep(form);
    if (answer.ok) {
      router.push(answer.redirectTo); // stays "pending" while the next page loads
      return;
    }
    setResult(answer);
    setPending(false);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await send(new FormData(event.currentTarget));
  }

  return { error: result && !result.ok ? result : null, pending, onSubmit, send, clearError: () => setResult(null) };
}
