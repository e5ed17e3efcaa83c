import NextAuth, { CredentialsSignin, type User } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "@/lib/db";
import { appKeyring } from "@/lib/crypto";
import type { ErrorCode } from "@/lib/auth/errors";
import {
  submitInvitation,
  submitPasskeySetup,
  submitPasskeySignIn,
  submitPassword,
  submitSecondFactor,
  submitSetup,
  type LoginContext,
  type LoginOutcome,
} from "@/lib/auth/login-flow";
import { tokenClaimsOfRequest } from "@/lib/next/session-token";
import { parseTokenClaims, refreshSessionClaims, sessionUserOf, type SessionClaims } from "@/lib/auth/session-claims";
import { endSessionBySignOut, IDLE_TIMEOUT_MS, type SessionRecord } from "@/lib/auth/sessions";
import { loginStepSchema } from "@/lib/validations/auth";
import { invitationStepSchema } from "@/lib/validations/invitation";
import { currentClientIp, currentUserAgent, noteLoginOutcome, onceForThisPageRequest } from "@/lib/next/request";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { noteDatabaseFailure } from "@/lib/database-unavailable";
import { decodeSessionToken, encodeSessionToken } from "@/lib/auth/session-jwt";
import { authSecretsFromEnv } from "@/lib/auth/auth-secrets";
import { trustedBrowserTokenOf } from "@/lib/next/trusted-browser-cookie";
import { passkeySignInBrowserHashOf } from "@/lib/next/passkey-sign-in-cookie";
import { log } from "@/lib/observability/log";

/** Carries our error code through Auth.js to the login action. */
class LoginRefused extends CredentialsSignin {
  constructor(code: ErrorCode) {
    super();
    this.code = code;
  }
}

/** The user object authorize() hands to the jwt callback: just the new session's token claims. */
const withClaims = (outcome: Extract<LoginOutcome, { claims: unknown }>) =>
  ({ id: outcome.claims.uid, claims: outcome.claims, session: outcome.session }) as User;

const authSecrets = authSecretsFromEnv();

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  // Auth.js's own lines go to the app's log (redacted like every line), never to the console.
  logger: {
    // A refused login is an expected outcome (audited), not a server error worth a stack trace.
    error(error) {
      if ((error as { type?: string }).type === "CredentialsSignin") return;
      // Auth.js answers for itself (a failed session read, a login step): the request is marked
      // so its 500 becomes the 503, and the login route answers UNAVAILABLE.
      noteDatabaseFailure(error);
      log.error({ error }, "Auth.js error");
    },
    warn(code) {
      log.warn({ warning: code }, "Auth.js warning");
    },
    // No debug hook: Auth.js would call it on every request whatever its `debug` says, with the
    // request's body (email, password, code) as the details.
  },
  pages: { signIn: "/login" },
  // The cookie rolls forward on every request (proxy.ts), so its lifetime is the idle timeout.
  session: { strategy: "jwt", maxAge: IDLE_TIMEOUT_MS / 1000 },
  jwt: { encode: encodeSessionToken, decode: decodeSessionToken },
  // The newest secret encrypts, the older ones still decrypt (AUTH_SECRET_1..3 beside AUTH_SECRET);
  // none set: left to Auth.js, which refuses to run without one.
  ...(authSecrets.length ? { secret: authSecrets } : {}),
  events: {
    // Every sign-out route (the app's button, cancelling a pending login, Auth.js's own
    // /api/auth/signout) ends the session record, so no copy of the cookie lives on.
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (typeof token?.sid !== "string" || typeof token.uid !== "string") return;
      await endSessionBySignOut({ db, sessionId: token.sid, userId: token.uid, ip: await currentClientIp(), now: new Date() });
    },
  },
  providers: [
    Credentials({
      credentials: { step: {}, email: { label: "Email" }, password: { label: "Password", type: "password" }, code: {}, token: {}, response: {} },
      // Every step of the login (lib/auth/login-flow.ts) runs here, so that Auth.js issues
      // the cookie of the session it leaves: a password, then a code for the session the
      // request's own cookie names.
      async authorize(raw, request) {
        const context: LoginContext = {
          db,
          keyring: appKeyring(),
          ip: await currentClientIp(),
          userAgent: await currentUserAgent(),
          now: new Date(),
          trustedBrowserToken: trustedBrowserTokenOf(request.headers),
        };
        // An accepted invitation signs its user in (app/(auth)/invitation/actions.ts); the login route never sends this step.
        const invitation = invitationStepSchema.safeParse(raw);
        if (invitation.success) {
          const outcome = await submitInvitation(context, invitation.data);
          noteLoginOutcome(outcome);
          if (outcome.state === "refused") throw new LoginRefused(outcome.error);
          return withClaims(outcome);
        }
        const input = loginStepSchema.safeParse(raw);
        if (!input.success) throw new LoginRefused("INVALID_INPUT");
        const step = input.data;
        const outcome =
          step.step === "password"
            ? await submitPassword(context, step)
            : step.step === "setup"
              ? await submitSetup(context, { session: await tokenClaimsOfRequest(request.headers), code: step.code })
              : step.step === "setup-passkey"
                ? await submitPasskeySetup(context, {
                    session: await tokenClaimsOfRequest(request.headers),
                    response: step.response,
                    name: step.name,
                  })
                : step.step === "passkey-sign-in"
                  ? await submitPasskeySignIn(context, { response: step.response, browserHash: passkeySignInBrowserHashOf(request.headers) })
                  : await submitSecondFactor(context, {
                      session: await tokenClaimsOfRequest(request.headers),
                      ...(step.step === "passkey"
                        ? { method: "passkey", code: JSON.stringify(step.response) }
                        : { method: step.step, code: step.code }),
                      trustBrowser: "trustBrowser" in step && step.trustBrowser,
                    });
        noteLoginOutcome(outcome);
        if (outcome.state === "refused") throw new LoginRefused(outcome.error);
        return withClaims(outcome);
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      // `user` is only present right after authorize(); `session` (update input) is never read.
      const fresh = user as unknown as { claims: Record<string, unknown>; session?: SessionRecord } | undefined;
      const claims = fresh ? fresh.claims : token;
      const refresh = async () => refreshSessionClaims({ db, claims, ip: await currentClientIp(), now: new Date(), record: fresh?.session });
      const tokenClaims = parseTokenClaims(claims);
      const refreshed =
        fresh || !tokenClaims ? await refresh() : await onceForThisPageRequest(`${tokenClaims.uid}:${tokenClaims.sid}:${tokenClaims.gen}`, refresh);
      return refreshed ? { ...refreshed } : null;
    },
    session({ session, token }) {
      return { ...session, user: sessionUserOf(token as unknown as SessionClaims) };
    },
    redirect({ url, baseUrl }) {
      // baseUrl is the request's origin; a URL on it is reduced to its path like any other target.
      return `${baseUrl}${safeRedirectPath(url, { origin: baseUrl })}`;
    },
  },
});
