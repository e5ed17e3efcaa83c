import "server-only";
import { db } from "@/lib/db";
import { appKeyring } from "@/lib/crypto";
import { passkeyLoginOptions, type PasskeyLoginOptions } from "@/lib/auth/login-flow";
import { passkeySignInBrowser } from "@/lib/auth/passkey-sign-in-browser";
import { originRefusal } from "@/lib/http/action-request";
import { currentClientIp, currentUserAgent } from "@/lib/next/request";
import { passkeySignInTokenOf, setPasskeySignInCookie } from "@/lib/next/passkey-sign-in-cookie";
import { tokenClaimsOfRequest } from "@/lib/next/session-token";

// POST /api/login/passkey-options: the options for navigator.credentials.get() at login. A
// caller whose session waits at the challenge gets a challenge bound to that pending login;
// anyone else a sign-in challenge bound to this browser (a random HttpOnly cookie, 5 minutes).
// The answer goes to POST /api/login (step "passkey" or "passkey-sign-in").

export type PasskeyOptionsResponse = PasskeyLoginOptions | { ok: false; error: "FORBIDDEN" };

const STATUS = { FORBIDDEN: 403, INVALID_INPUT: 400, RATE_LIMITED: 429 } as const;

export async function handlePasskeyOptions(request: Request): Promise<Response> {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  // Same-origin only, like every login step.
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? undefined;
  if (originRefusal(request.headers.get("origin") ?? undefined, host)) return reply({ ok: false, error: "FORBIDDEN" }, headers);

  const browser = passkeySignInBrowser(passkeySignInTokenOf(request.headers));
  const result = await passkeyLoginOptions(
    { db, keyring: appKeyring(), ip: await currentClientIp(), userAgent: await currentUserAgent(), now: new Date() },
    { session: await tokenClaimsOfRequest(request.headers), browserHash: browser.browserHash },
  );
  if (result.ok && result.purpose === "sign-in") await setPasskeySignInCookie(browser.token);
  if (!result.ok && result.retryAfterSeconds) headers["Retry-After"] = String(result.retryAfterSeconds);
  return reply(result, headers);
}

function reply(result: PasskeyOptionsResponse, headers: Record<string, string>): Response {
  return Response.json(result, { status: result.ok ? 200 : STATUS[result.error], headers });
}
