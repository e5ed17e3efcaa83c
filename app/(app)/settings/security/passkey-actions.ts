"use server";

import { db } from "@/lib/db";
import { appKeyring } from "@/lib/crypto";
import { defineAction } from "@/lib/next/action";
import { fail, ok } from "@/lib/safe-action";
import { addPasskey, beginPasskeyRegistration, removePasskey, renamePasskey } from "@/lib/webauthn/manage-passkeys";
import { relyingParty } from "@/lib/webauthn/relying-party";
import { addPasskeySchema, beginAddPasskeySchema, removePasskeySchema, renamePasskeySchema } from "@/lib/validations/passkey";

// Settings > Security > Passkeys and security keys: the caller's own passkeys only; anyone
// else's id (or an unknown one) gets the same answer.

const GONE = "That passkey is no longer on your account. Reload the page.";
const LAST_FACTOR =
  "This is your only way to confirm it is you besides your password: add an authenticator app or another passkey first, then remove this one. If this passkey is not yours, ask an admin to reset your two-factor authentication.";
const REGISTRATION_REFUSED = {
  challenge: "That passkey request has expired or was not started here. Start again.",
  invalid: "Your passkey or security key could not be verified. Try again.",
  "credential-taken": "That passkey or security key is already registered.",
  "not-enrolled": "Two-factor authentication is not on for your account.",
} as const;

/** "Add a passkey or security key", step one: the password and a second factor; then the options for the browser. */
export const beginAddingPasskey = defineAction({ input: beginAddPasskeySchema, access: "user" }, async (input, { caller, ip }) => {
  const result = await beginPasskeyRegistration({
    db,
    keyring: appKeyring(),
    rp: relyingParty(),
    user: caller,
    stepUp: { password: input.password, method: input.method, code: input.code },
    ip,
    now: new Date(),
  });
  return result.ok ? ok(result.options) : fail(result.error);
});

/** Step two: the new passkey, stored under its name. */
export const finishAddingPasskey = defineAction({ input: addPasskeySchema, access: "user" }, async (input, { caller, ip }) => {
  const result = await addPasskey({ db, rp: relyingParty(), user: caller, response: input.response, name: input.name, ip, now: new Date() });
  return result.ok ? ok() : fail("INVALID_INPUT", REGISTRATION_REFUSED[result.reason]);
});

/** A new name: the session is enough. */
export const renameOwnPasskey = defineAction({ input: renamePasskeySchema, access: "user" }, async (input, { caller, ip }) => {
  const result = await renamePasskey({ db, user: caller, id: input.id, name: input.name, ip, now: new Date() });
  return result.ok ? ok() : fail("INVALID_INPUT", GONE);
});

/** Removing one: the password and a second factor; never the last one. */
export const removeOwnPasskey = defineAction({ input: removePasskeySchema, access: "user" }, async (input, { caller, ip }) => {
  const result = await removePasskey({
    db,
    keyring: appKeyring(),
    rp: relyingParty(),
    user: caller,
    id: input.id,
    stepUp: { password: input.password, method: input.method, code: input.code },
    ip,
    now: new Date(),
  });
  if (result.ok) return ok({ name: result.name });
  if ("error" in result) return fail(result.error);
  return fail("INVALID_INPUT", result.reason === "not-found" ? GONE : LAST_FACTOR);
});
