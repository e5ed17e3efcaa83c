"use server";

import { z } from "zod";
import { db } from "@/lib/db";
import { defineAction } from "@/lib/next/action";
import { fail, ok } from "@/lib/safe-action";
import { signOutSession } from "@/lib/auth/session-list";
import { forgetAllTrustedBrowsers, forgetTrustedBrowser } from "@/lib/auth/trusted-browsers";
import { sessionHandleSchema, trustedBrowserIdSchema } from "@/lib/validations/devices";

// Settings > Security: the caller's own sessions and trusted browsers. Each action acts on the
// caller's own rows only; anyone else's (or an unknown one) gets the same answer.

const SESSION_GONE = "That session has already ended, or is not one of yours. Reload the page.";
const BROWSER_GONE = "That browser is no longer trusted, or is not one of yours. Reload the page.";

/** "Sign out" on one row of the sessions list: that session ends at its next request. */
export const signOutOneSession = defineAction({ input: sessionHandleSchema, access: "user" }, async (input, { caller, ip }) => {
  const result = await signOutSession(db, { caller, handle: input.handle, ip, now: new Date() });
  if (result.ok) return ok();
  return fail("INVALID_INPUT", result.reason === "current" ? "This is the session you are using: sign out from the menu instead." : SESSION_GONE);
});

/** "Forget" on one trusted browser: it is asked for a code at its next sign-in. */
export const forgetOneTrustedBrowser = defineAction({ input: trustedBrowserIdSchema, access: "user" }, async (input, { caller, ip }) => {
  return (await forgetTrustedBrowser(db, { caller, id: input.id, ip, now: new Date() })) ? ok() : fail("INVALID_INPUT", BROWSER_GONE);
});

/** "Forget all": every browser of the caller's is asked for a code again. */
export const forgetEveryTrustedBrowser = defineAction({ input: z.undefined(), access: "user" }, async (_input, { caller, ip }) => {
  return ok({ forgotten: await forgetAllTrustedBrowsers(db, { caller, ip, now: new Date() }) });
});
