import NextAuth, { CredentialsSignin, type User } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "@/lib/db";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import {
  IDLE_TIMEOUT_MS,
  newSessionClaims,
  refreshSessionClaims,
  type SessionClaims,
} from "@/lib/auth/session-claims";
import { loginSchema } from "@/lib/validations/auth";
import { clientIpFrom } from "@/lib/request-ip";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";

/** Carries our error code through Auth.js to the login action. */
class LoginRefused extends CredentialsSignin {
  constructor(code: "INVALID_CREDENTIALS" | "RATE_LIMITED" | "INVALID_INPUT") {
    super();
    this.code = code;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  logger: {
    // A refused login is an expected outcome (audited), not a server error worth a stack trace.
    error(error) {
      if ((error as { type?: string }).type === "CredentialsSignin") return;
      console.error(error);
    },
  },
  pages: { signIn: "/login" },
  // The cookie rolls forward on every request (proxy.ts), so its lifetime is the idle timeout.
  session: { strategy: "jwt", maxAge: IDLE_TIMEOUT_MS / 1000 },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const input = loginSchema.safeParse(raw);
        if (!input.success) throw new LoginRefused("INVALID_INPUT");
        const result = await verifyCredentials({
          db,
          email: input.data.email,
          password: input.data.password,
          ip: clientIpFrom(request.headers),
        });
        if (!result.ok) throw new LoginRefused(result.error);
        await db.user.update({ where: { id: result.user.id }, data: { lastLoginAt: new Date() } });
        return { id: result.user.id, email: result.user.email, claims: newSessionClaims(result.user, new Date()) } as User;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      // `user` is only present right after authorize(); `session` (update input) is never read.
      const claims = user ? (user as { claims: Partial<SessionClaims> }).claims : (token as Partial<SessionClaims>);
      const refreshed = await refreshSessionClaims({ db, claims, now: new Date() });
      return refreshed ? { ...refreshed } : null;
    },
    session({ session, token }) {
      const claims = token as unknown as SessionClaims;
      return {
        ...session,
        user: {
          ...session.user,
          id: claims.uid,
          name: claims.name,
          email: claims.email,
          role: claims.role,
          organisationId: claims.organisationId,
          organisationName: claims.organisationName,
          stage: claims.stage,
        },
      };
    },
    redirect({ url, baseUrl }) {
      if (url.startsWith(baseUrl)) return `${baseUrl}${safeRedirectPath(url.slice(baseUrl.length))}`;
      return `${baseUrl}${safeRedirectPath(url)}`;
    },
  },
});
