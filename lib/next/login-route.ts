import "server-only";
import { CredentialsSignin } from "next-auth";
import { z } from "zod";
import { signIn } from "@/auth";
import { isErrorCode, type ErrorCode } from "@/lib/auth/errors";
import { pathAfterStep } from "@/lib/auth/login-flow";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { originRefusal } from "@/lib/http/action-request";
import { loginOutcomeOfRequest } from "@/lib/next/request";
import { setTrustedBrowserCookie } from "@/lib/next/trusted-browser-cookie";
import { clearPasskeySignInCookie } from "@/lib/next/passkey-sign-in-cookie";
import { loginStepSchema, type LoginStepInput } from "@/lib/validations/auth";
import { recordLoginAttempt, type LoginAttempt } from "@/lib/observability/login-attempt";
import { noteDatabaseFailure, requestMetDatabaseOutage, UNAVAILABLE_MESSAGE, UNAVAILABLE_RETRY_AFTER_SECONDS } from "@/lib/database-unavailable";
import { unavailableResponse } from "@/lib/http/unavailable-response";

// The login's one door: POST /api/login with one step (password, authenticator code,
// backup code, or the setup wizard's first code). A route handler, not a server action: a
// step sets the session cookie and needs no page rendered with its answer. Browsers with
// JavaScript get JSON and navigate; a plain form post (before hydration) gets a redirect.

export type LoginStepResponse =
  | { ok: true; redirectTo: string }
  | {
      ok: false;
      error: ErrorCode;
      /** The words, where the code alone is not enough (UNAVAILABLE: for clients other than the login forms). */
      message?: string;
      retryAfterSeconds?: number;
      fieldErrors?: Record<string, string[]>;
      tooLarge?: boolean;
      /** A wrong authenticator code that shows the phone's clock off by this many minutes (+: fast); the form says so. */
      clockDriftMinutes?: number;
    };

const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  INVALID_CREDENTIALS: 401,
  INVALID_CODE: 401,
  LOGIN_EXPIRED: 401,
  FORBIDDEN: 403,
  ACCESS_DENIED: 403,
  TWO_FACTOR_LOCKED: 423,
  TWO_FACTOR_LOCKED_BY_ADMIN: 423,
  RECOVERY_IN_PROGRESS: 409,
  PASSKEY_NOT_REGISTERED: 400,
  RATE_LIMITED: 429,
  NETWORK_RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

/** The page each step's form is on, where a refused plain form post goes back to. */
const FORM_PAGES: Record<LoginStepInput["step"], string> = {
  password: "/login",
  totp: "/login/verify",
  "backup-code": "/login/verify",
  setup: "/setup-2fa",
  "temporary-code": "/login/verify",
  passkey: "/login/verify",
  "passkey-sign-in": "/login",
  "setup-passkey": "/setup-2fa",
};

const bodySchema = z.object({
  step: z.enum(["password", "totp", "backup-code", "setup", "temporary-code", "passkey", "passkey-sign-in", "setup-passkey"]).catch("password"),
  // Anything but a short string is no way back: ignored, never an error.
  callbackUrl: z.string().max(2048).optional().catch(undefined),
});

export async function handleLoginStep(request: Request): Promise<Response> {
  const json = request.headers.get("accept")?.includes("application/json") ?? false;
  const read = await readFields(request);
  const fields = read === "too-large" ? null : read;
  const { step: formStep, callbackUrl: rawCallback } = bodySchema.parse(fields ?? {});
  const callbackUrl = rawCallback === undefined ? undefined : safeRedirectPath(rawCallback);
  // Every attempt ends here, once: counted by outcome (a passed step with what it passed).
  const answer = (result: LoginStepResponse, passed?: LoginAttempt) => {
    recordLoginAttempt(result.ok ? (passed ?? { state: "refused", error: "INTERNAL" }) : { state: "refused", error: result.error });
    return respond(result, { json, formPage: FORM_PAGES[formStep], callbackUrl });
  };

  // A login from another site (login CSRF) is refused: the same-origin rule of server actions.
  if (
    originRefusal(request.headers.get("origin") ?? undefined, request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? undefined)
  ) {
    return answer({ ok: false, error: "FORBIDDEN" });
  }
  if (read === "too-large") return answer({ ok: false, error: "INVALID_INPUT", tooLarge: true });
  if (!fields) return answer({ ok: false, error: "INVALID_INPUT" });
  const input = loginStepSchema.safeParse(fields);
  if (!input.success)
    return answer({ ok: false, error: "INVALID_INPUT", fieldErrors: z.flattenError(input.error).fieldErrors as Record<string, string[]> });

  // Auth.js posts the fields on as strings: a passkey's answer goes as the JSON it arrived as (checked, known fields only).
  const credentials = "response" in input.data ? { ...input.data, response: JSON.stringify(input.data.response) } : input.data;
  try {
    await signIn("credentials", { ...credentials, redirect: false });
  } catch (error) {
    // The database restarting: nothing of this step was kept (each step is one transaction); try again shortly.
    if (!(error instanceof CredentialsSignin) && noteDatabaseFailure(error)) return answer(UNAVAILABLE);
    if (!(error instanceof CredentialsSignin)) throw error;
    const outcome = loginOutcomeOfRequest();
    const refusal = outcome?.state === "refused" ? outcome : undefined;
    return answer({
      ok: false,
      error: isErrorCode(error.code) ? error.code : "INVALID_CREDENTIALS",
      retryAfterSeconds: refusal?.retryAfterSeconds,
      ...(refusal?.clockDriftMinutes ? { clockDriftMinutes: refusal.clockDriftMinutes } : {}),
    });
  }
  // The step's own record of what happened is the answer, whatever Auth.js made of it (a
  // request header can make it return a refusal instead of throwing): no record, no success.
  const outcome = loginOutcomeOfRequest();
  if (!outcome) return answer(requestMetDatabaseOutage() ? UNAVAILABLE : { ok: false, error: "INTERNAL" });
  if (outcome.state === "refused") {
    const { error, retryAfterSeconds, clockDriftMinutes } = outcome;
    return answer({ ok: false, error, retryAfterSeconds, ...(clockDriftMinutes ? { clockDriftMinutes } : {}) });
  }
  if (outcome.trustedBrowser) await setTrustedBrowserCookie(outcome.trustedBrowser);
  if (input.data.step === "passkey-sign-in") await clearPasskeySignInCookie();
  return answer({ ok: true, redirectTo: pathAfterStep({ passed: input.data.step, state: outcome.state, callbackUrl }) }, outcome);
}

const UNAVAILABLE: LoginStepResponse = {
  ok: false,
  error: "UNAVAILABLE",
  message: UNAVAILABLE_MESSAGE,
  retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
};

// A login step is a few short fields; anything bigger is refused unread.
const MAX_BODY_BYTES = 16 * 1024;

/** The posted fields, from a form or a JSON object; null when the body is neither, "too-large" past the limit. */
async function readFields(request: Request): Promise<Record<string, unknown> | null | "too-large"> {
  const type = request.headers.get("content-type") ?? "";
  const body = await readBody(request);
  if (body === "too-large") return body;
  try {
    if (type.includes("application/json")) {
      const parsed: unknown = JSON.parse(body);
      return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    }
    if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(body));
  } catch {
    return null;
  }
  return null;
}

async function readBody(request: Request): Promise<string | "too-large"> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return "too-large";
  const reader = request.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return "too-large";
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function respond(result: LoginStepResponse, options: { json: boolean; formPage: string; callbackUrl: string | undefined }): Response {
  const status = result.ok ? 200 : result.tooLarge ? 413 : (STATUS[result.error] ?? 500);
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (!result.ok && result.retryAfterSeconds) headers["Retry-After"] = String(result.retryAfterSeconds);
  if (options.json) return Response.json(result, { status, headers });
  // A plain form post while the database is away: the 503 page (back returns to the form).
  if (!result.ok && result.error === "UNAVAILABLE") {
    const page = unavailableResponse({ path: options.formPage, accept: "text/html" });
    return new Response(page.body, { status: page.status, headers: page.headers });
  }
  // A plain form post: on to the next page, or back to the form with the error's code.
  const back = new URLSearchParams();
  if (!result.ok) back.set("error", result.error);
  if (!result.ok && result.clockDriftMinutes) back.set("drift", String(result.clockDriftMinutes));
  if (options.callbackUrl) back.set("callbackUrl", options.callbackUrl);
  const location = result.ok ? result.redirectTo : `${options.formPage}?${back}`;
  return new Response(null, { status: 303, headers: { ...headers, Location: location } });
}
