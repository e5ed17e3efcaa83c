"use server";

import { z } from "zod";
import { signOut } from "@/auth";
import { defineAction } from "@/lib/auth/action";
import { ok } from "@/lib/safe-action";

// Public on purpose: signing out must work for a pending login and a half-expired session too.
// Auth.js's signOut event (auth.ts) ends the session record and audits it, for this route and every other.
export const signOutAction = defineAction({ input: z.unknown(), access: "public" }, async () => {
  await signOut({ redirect: false });
  return ok();
});
