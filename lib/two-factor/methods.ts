// The second factors a user has set up (issue 15): an authenticator app and any number of
// passkeys or security keys. Plain words, shared by the admin table (short) and the CSV export.

export interface TwoFactorMethods {
  /** An authenticator app is enrolled (an app secret is stored). */
  app: boolean;
  /** How many passkeys and security keys. */
  passkeys: number;
}

export const NO_METHODS: TwoFactorMethods = { app: false, passkeys: 0 };

/** "App", "Passkey", "App, Passkey ×2" (long: "Authenticator app, …"); empty for none. */
export function twoFactorMethodsLabel(methods: TwoFactorMethods, style: "short" | "long" = "short"): string {
  const parts: string[] = [];
  if (methods.app) parts.push(style === "short" ? "App" : "Authenticator app");
  if (methods.passkeys === 1) parts.push("Passkey");
  if (methods.passkeys > 1) parts.push(`Passkey ×${methods.passkeys}`);
  return parts.join(", ");
}
