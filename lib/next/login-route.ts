import "server-only";
import { CredentialsSignin } from "next-auth";
import { z } from "zod";
import { signIn } from "@/auth";
import { isErrorCode, type ErrorCode } from "@/lib/auth/errors";
import { isSecondFactorStep, stepPath } from "@/lib/auth/login-flow";
import { DEFAULT_REDIRECT_PATH, safeRedirectPath } from "@/lib/auth/safe-redirect";
import { originRefusal } from "@/lib/http/action-request";
import { loginOutcomeOfRequest } from "@/lib/next/request";
import { loginStepSchema, type LoginStepInput } from "@/lib/validations/auth";

// The login's one door: POST /api/login with one step (password, authenticator code,
// backup code, or the setup wizard's first code). A route handler, not a server action: a
// step sets the session cookie and needs no page rendered with its answer. Browsers with
// JavaScript get JSON and navigate; a plain form post (before hydration) gets a redirect.

export type LoginStepResponse =
  { ok: true; redirectTo: string } | { ok: false; error: ErrorCode; retryAfterSeconds?: number; fieldErrors?: Record<string, string[]> };

const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  INVALID_CREDENTIALS: 401,
  INVALID_CODE: 401,
  LOGIN_EXPIRED: 401,
  FORBIDDEN: 403,
  ACCESS_DENIED: 403,
  TWO_FACTOR_LOCKED: 423,
  TWO_FACTOR_LOCKED_BY_ADMIN: 423,
  RATE_LIMITED: 429,
  NETWORK_RATE_LIMITED: 429,
};

/** The page each step's form is on, where a refused plain form post goes back to. */
const FORM_PAGES: Record<LoginStepInput["step"], string> = {
  password: "/login",
  totp: "/login/verify",
  "backup-code": "/login/verify",
  setup: "/setup-2fa",
};

const bodySchema = z.object({
  step: z.enum(["password", "totp", "backup-code", "setup"]).catch("password"),
  callbackUrl: z.string().max(2048).optional(),
});

export async function handleLoginStep(request: Request): Promise<Response> {
  const json = request.headers.get("accept")?.includes("application/json") ?? false;
  const fields = await readFields(request);
  const { step: formStep, callbackUrl: rawCallback } = bodySchema.parse(fields ?? {});
  const callbackUrl = rawCallback === undefined ? undefined : safeRedirectPath(rawCallback);
  const answer = (result: LoginStepResponse) => respond(result, { json, formPage: FORM_PAGES[formStep], callbackUrl });

  // A login from another site (login CSRF) is refused: the same-origin rule of server actions.
  if (
    originRefusal(request.headers.get("origin") ?? undefined, request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? undefined)
  ) {
    return answer({ ok: false, error: "FORBIDDEN" });
  }
  if (!fields) return answer({ ok: false, error: "INVALID_INPUT" });
  const input = loginStepSchema.safeParse(fields);
  if (!input.success)
    return answer({ ok: false, error: "INVALID_INPUT", fieldErrors: z.flattenError(input.error).fieldErrors as Record<string, string[]> });

  try {
    await signIn("credentials", { ...input.data, redirect: false });
  } catch (error) {
    if (!(error instanceof CredentialsSignin)) throw error;
    const outcome = loginOutcomeOfRequest();
    const retryAfterSeconds = outcome?.state === "refused" ? outcome.retryAfterSeconds : undefined;
    return answer({ ok: false, error: isErrorCode(error.code) ? error.code : "INVALID_CREDENTIALS", retryAfterSeconds });
  }
  const outcome = loginOutcomeOfRequest();
  const state = outcome && outcome.state !== "refused" ? outcome.state : "complete";
  return answer({ ok: true, redirectTo: isSecondFactorStep(state) ? stepPath(state, callbackUrl) : (callbackUrl ?? DEFAULT_REDIRECT_PATH) });
}

/** The posted fields, from a form or a JSON object; null when the body is neither. */
async function readFields(request: Request): Promise<Record<string, unknown> | null> {
  const type = request.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/json")) {
      const body: unknown = await request.json();
      return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
    }
    if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
      const form = await request.formData();
      return Object.fromEntries([...form].filter(([, value]) => typeof value === "string"));
    }
  } catch {
    return null;
  }
  return null;
}

function respond(result: LoginStepResponse, options: { json: boolean; formPage: string; callbackUrl: string | undefined }): Response {
  const status = result.ok ? 200 : (STATUS[result.error] ?? 500);
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (!result.ok && result.retryAfterSeconds) headers["Retry-After"] = String(result.retryAfterSeconds);
  if (options.json) return Response.json(result, { status, headers });
  // A plain form post: on to the next page, or back to the form with the error's code.
  const back = new URLSearchParams();
  if (!result.ok) back.set("error", result.error);
  if (options.callbackUrl) back.set("callbackUrl", options.callbackUrl);
  const location = result.ok ? result.redirectTo : `${options.formPage}?${back}`;
  return new Response(null, { status: 303, headers: { ...headers, Location: location } });
}
