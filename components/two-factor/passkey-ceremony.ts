"use client";

import { browserSupportsWebAuthn, startAuthentication, startRegistration, WebAuthnError } from "@simplewebauthn/browser";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";

// The browser's half of a WebAuthn ceremony: the options the server issued in, the answer out
// as the JSON string every form and action takes, or a sentence saying what went wrong.

export type CeremonyResult = { ok: true; response: string } | { ok: false; message: string };

const UNSUPPORTED = "This browser cannot use passkeys or security keys. Use another way to confirm, or another browser.";

/** Asks the user's passkey or security key to sign the server's challenge (navigator.credentials.get). */
export async function answerWithPasskey(optionsJSON: PublicKeyCredentialRequestOptionsJSON): Promise<CeremonyResult> {
  if (!browserSupportsWebAuthn()) return { ok: false, message: UNSUPPORTED };
  try {
    return { ok: true, response: JSON.stringify(await startAuthentication({ optionsJSON })) };
  } catch (error) {
    return { ok: false, message: ceremonyErrorMessage(error) };
  }
}

/** Asks the authenticator to make a new passkey for this account (navigator.credentials.create). */
export async function createPasskey(optionsJSON: PublicKeyCredentialCreationOptionsJSON): Promise<CeremonyResult> {
  if (!browserSupportsWebAuthn()) return { ok: false, message: UNSUPPORTED };
  try {
    return { ok: true, response: JSON.stringify(await startRegistration({ optionsJSON })) };
  } catch (error) {
    return { ok: false, message: ceremonyErrorMessage(error) };
  }
}

export function ceremonyErrorMessage(error: unknown): string {
  if (error instanceof WebAuthnError && error.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") {
    return "That passkey or security key is already registered to your account.";
  }
  if (error instanceof WebAuthnError && (error.code === "ERROR_INVALID_DOMAIN" || error.code === "ERROR_INVALID_RP_ID")) {
    return "Passkeys work only at Twofold's own address. Open Twofold from its usual link and try again.";
  }
  const name = error instanceof Error ? (error.cause instanceof Error ? error.cause.name : error.name) : "";
  if (name === "NotAllowedError" || name === "AbortError") {
    return "The passkey request was cancelled or timed out. Try again when you are ready.";
  }
  return "Your passkey or security key could not be used. Try again, or use another way.";
}
