"use client";

import { useState, useTransition, type FormEvent } from "react";
import { ERROR_MESSAGES } from "@/components/error-messages";
import { passkeyStepUpOptions } from "@/lib/next/passkey-step-up-action";
import { answerWithPasskey } from "./passkey-ceremony";

/**
 * Confirming a sensitive change with a passkey (instead of an authenticator or backup code):
 * `answer()` asks the server for a step-up challenge bound to this session, lets the passkey
 * sign it, and returns the answer (a JSON string) for the action's `passkey` field, or null
 * with `error` set to a sentence for the form.
 */
export function usePasskeyStepUp() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [submitting, startTransition] = useTransition();

  async function answer(): Promise<string | null> {
    setPending(true);
    setError(null);
    try {
      const options = await passkeyStepUpOptions();
      if (!options.ok) {
        setError(options.message ?? ERROR_MESSAGES[options.error]);
        return null;
      }
      const result = await answerWithPasskey(options.data);
      if (!result.ok) setError(result.message);
      return result.ok ? result.response : null;
    } finally {
      setPending(false);
    }
  }

  /** A form's submit confirmed with the passkey: its answer goes as the form's `code`, then `formAction` runs with the form. */
  async function submitWithAnswer(event: FormEvent<HTMLFormElement>, formAction: (formData: FormData) => void) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const response = await answer();
    if (!response) return;
    formData.set("code", response);
    startTransition(() => formAction(formData));
  }

  return { answer, submitWithAnswer, pending: pending || submitting, error, clearError: () => setError(null) };
}
