"use server";

import { z } from "zod";
import { signOut } from "@/auth";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { defineAction } from "@/lib/auth/action";
import { ok } from "@/lib/safe-action";

// Public on purpose: signing out must work for a pending login and a half-expired session too.
export const signOutAction = defineAction({ input: z.unknown(), access: "public" }, async (_input, { caller, ip }) => {
  if (caller) await recordAudit(db, { organisationId: caller.organisationId, type: "logout", actor: caller, target: caller, ip });
  await signOut({ redirect: false });
  return ok();
});
