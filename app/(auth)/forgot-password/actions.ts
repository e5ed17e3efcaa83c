"use server";

import { setTimeout as sleep } from "node:timers/promises";
import { appKeyring } from "@/lib/crypto";
import { db } from "@/lib/db";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { defineAction } from "@/lib/next/action";
import { fail, ok } from "@/lib/safe-action";
import { forgotPasswordSchema } from "@/lib/validations/password";

// Every answer takes at least this long, so the few writes a known address causes (its link,
// audit event and email) cannot be told apart by timing from an unknown address's none.
const MIN_ANSWER_MS = 400;

/** Same answer for every address; only the network's limit is refused out loud. */
export const requestReset = defineAction({ input: forgotPasswordSchema, access: "public" }, async ({ email }, { ip }) => {
  const started = Date.now();
  const result = await requestPasswordReset({ db, keyring: appKeyring(), email, ip, now: new Date() });
  await sleep(Math.max(0, started + MIN_ANSWER_MS - Date.now()));
  return result.ok ? ok({ email }) : fail("RATE_LIMITED", "Too many requests from your network. Try again later.");
});
