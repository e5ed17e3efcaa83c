"use server";

import { z } from "zod";
import { signOut } from "@/auth";
import { defineAction } from "@/lib/next/action";
import { endCurrentSession } from "@/lib/next/end-session";
import { ok } from "@/lib/safe-action";

// Public on purpose: signing out must work for a pending login and a half-expired session too.
// The record ends (and is audited) before the cookie goes: if that fails, the user sees an
// error and is still signed in, rather than believing a live session has ended.
export const signOutAction = defineAction({ input: z.unknown(), access: "public" }, async () => {
  await endCurrentSession();
  await signOut({ redirect: false });
  return ok();
});
