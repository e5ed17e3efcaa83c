"use client";

import { useState } from "react";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { loginErrorMessage } from "@/components/error-messages";
import { answerWithPasskey, type CeremonyResult } from "@/components/two-factor/passkey-ceremony";
import type { PasskeyOptionsResponse } from "@/lib/next/passkey-options-route";

/**
 * A passkey at login, the browser's half: the options from the server (a challenge for this
 * pending login, or a sign-in challenge for this browser), then the passkey's answer as the JSON
 * string the login step posts; or a sentence saying what went wrong.
 */
export async function answerLoginWithPasskey(): Promise<CeremonyResult> {
  let result: PasskeyOptionsResponse;
  try {
    const response = await fetch("/api/login/passkey-options", { method: "POST", headers: { Accept: "application/json" } });
    result = (await response.json()) as PasskeyOptionsResponse;
  } catch {
    return { ok: false, message: loginErrorMessage("INTERNAL") };
  }
  if (!result.ok) {
    return { ok: false, message: loginErrorMessage(result.error, "retryAfterSeconds" in result ? result.retryAfterSeconds : undefined) };
  }
  return answerWithPasskey(result.options as PublicKeyCredentialRequestOptionsJSON);
}

/**
 * The passkey ceremony of a login form (the login page's "Sign in with a passkey", the
 * challenge's "Use your passkey"): `answer()` gives the passkey's answer, or null with `message`
 * saying why not (the form's own error is cleared then, so one message shows); `asking` while
 * the browser waits for the passkey.
 */
export function usePasskeyLoginAnswer(clearError: () => void) {
  const [message, setMessage] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);

  async function answer(): Promise<string | null> {
    setMessage(null);
    setAsking(true);
    const result = await answerLoginWithPasskey();
    setAsking(false);
    if (result.ok) return result.response;
    clearError();
    setMessage(result.message);
    return null;
  }

  return { answer, asking, message, clearMessage: () => setMessage(null) };
}
