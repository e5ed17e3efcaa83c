// The browser-held random tokens (a trusted browser's, a passkey sign-in's): 32 random bytes in
// base64url, read back from a Cookie header under one exact name. Anything else is no token.

/** Whether a value is shaped like one of these tokens. */
export const isTokenShaped = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);

/** The token a Cookie header carries under `name`, or null (absent, or not shaped like one of ours). */
export function readTokenCookie(cookieHeader: string | null | undefined, name: string): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index === -1 || part.slice(0, index).trim() !== name) continue;
    const value = part.slice(index + 1).trim();
    return isTokenShaped(value) ? value : null;
  }
  return null;
}
