"use server";

import { z } from "zod";
import { db } from "@/lib/db";
import { defineAction } from "@/lib/next/action";
import { fail, ok } from "@/lib/safe-action";
import { passkeyAuthenticationOptions } from "@/lib/webauthn/authentication";
import { countPasskeys } from "@/lib/webauthn/passkeys";
import { relyingParty } from "@/lib/webauthn/relying-party";

/**
 * A step-up with a passkey (a signed-in user confirming a sensitive change, or an admin a
 * destructive one): the options with a challenge bound to this session, 5 minutes, single use.
 * The action that takes the answer checks it as the second factor (method "passkey").
 */
export const passkeyStepUpOptions = defineAction({ input: z.undefined(), access: "user" }, async (_input, { caller }) => {
  if (!(await countPasskeys(db, caller.id))) return fail("INVALID_INPUT", "You have no passkey or security key on your account.");
  const binding = { purpose: "step-up", sessionId: caller.sessionId, userId: caller.id } as const;
  return ok(await passkeyAuthenticationOptions({ db, rp: relyingParty(), binding, now: new Date() }));
});
