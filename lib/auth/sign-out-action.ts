"use server";

import { z } from "zod";
import { auth, signOut } from "@/auth";
import { ABSOLUTE_TIMEOUT_MS } from "@/lib/auth/session-claims";
import { recordSignOut } from "@/lib/auth/signed-out-sessions";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { defineAction } from "@/lib/auth/action";
import { ok } from "@/lib/safe-action";

// Public on purpose: signing out must work for a pending login and a half-expired session too.
export const signOutAction = defineAction({ input: z.unknown(), access: "public" }, async (_input, { caller, ip }) => {
  // Complete or pending, the session is remembered as signed out on the server, not only
  // by deleting its cookie.
  const session = (await auth())?.user;
  if (session?.sessionId && session.loginAt !== undefined) {
    await recordSignOut({ db, userId: session.id, sid: session.sessionId, until: session.loginAt + ABSOLUTE_TIMEOUT_MS, now: new Date() });
  }
  if (caller) await recordAudit(db, { organisationId: caller.organisationId, type: "logout", actor: caller, target: caller, ip });
  await signOut({ redirect: false });
  return ok();
});
