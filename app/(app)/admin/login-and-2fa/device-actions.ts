"use server";

import { db } from "@/lib/db";
import { defineAction } from "@/lib/next/action";
import { fail, ok } from "@/lib/safe-action";
import { refusedConfirmation } from "./admin-step-up";
import { forgetTrustedBrowsersByAdmin, lengthensTrust, setTrustedBrowserDays } from "@/lib/auth/trusted-browsers";
import { signOutAllSessionsByAdmin } from "@/lib/auth/session-list";
import { trustedBrowserDaysSchema, userRowActionSchema } from "@/lib/validations/devices";

// Trusted browsers and sessions, for admins: the organisation's setting, and two row actions.

const UNKNOWN_USER = "That user is not in your organisation any more. Reload the page.";

/** Off, 7 or 30 days. Letting browsers skip the code for longer than now is stepped up; shortening or Off is not. */
export const saveTrustedBrowserDays = defineAction({ input: trustedBrowserDaysSchema, access: "admin" }, async (input, { caller, ip }) => {
  const now = new Date();
  if (await lengthensTrust(db, caller.organisationId, input.days)) {
    const refused = await refusedConfirmation(caller, input.confirmation, ip, now);
    if (refused) return refused;
  }
  const result = await setTrustedBrowserDays(db, { organisationId: caller.organisationId, days: input.days, actor: caller, ip, now });
  return ok({ days: input.days, forgotten: result.forgotten });
});

/** A row's "Forget trusted browsers": every browser that user trusted asks for the code again. */
export const forgetUserTrustedBrowsers = defineAction({ input: userRowActionSchema, access: "admin" }, async (input, { caller, ip }) => {
  const result = await forgetTrustedBrowsersByAdmin(db, {
    organisationId: caller.organisationId,
    userId: input.userId,
    actor: caller,
    ip,
    now: new Date(),
  });
  return result.ok ? ok({ forgotten: result.forgotten, name: result.user.name }) : fail("INVALID_INPUT", UNKNOWN_USER);
});

/** A row's "Sign out all sessions": that user is signed out everywhere (on the admin's own row, everywhere else). */
export const signOutUserSessions = defineAction({ input: userRowActionSchema, access: "admin" }, async (input, { caller, ip }) => {
  const result = await signOutAllSessionsByAdmin(db, {
    organisationId: caller.organisationId,
    userId: input.userId,
    actor: caller,
    ip,
    now: new Date(),
  });
  return result.ok ? ok({ ended: result.ended, name: result.user.name, keptCurrent: result.keptCurrent }) : fail("INVALID_INPUT", UNKNOWN_USER);
});
