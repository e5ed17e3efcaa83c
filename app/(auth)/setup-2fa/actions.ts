"use server";

import { z } from "zod";
import { db } from "@/lib/db";
import { appKeyring } from "@/lib/crypto";
import { defineAction } from "@/lib/next/action";
import { beginSetup } from "@/lib/auth/login-flow";
import { fail, ok } from "@/lib/safe-action";
import { passkeyEnrolmentOptions } from "@/lib/two-factor/enrol-passkey";
import { relyingParty } from "@/lib/webauthn/relying-party";

/** The wizard's secret and backup codes, for a login whose admin required 2FA. */
export const beginLoginSetup = defineAction({ input: z.undefined(), access: "two-factor" }, async (_input, { pending }) => {
  const material = await beginSetup({ db, keyring: appKeyring(), userId: pending.userId });
  return material ? ok(material) : fail("FORBIDDEN");
});

/** The wizard's other way: registration options for a passkey, the challenge bound to this pending login. */
export const passkeyLoginSetupOptions = defineAction({ input: z.undefined(), access: "two-factor" }, async (_input, { pending }) => {
  if (pending.step !== "setup") return fail("FORBIDDEN");
  const options = await passkeyEnrolmentOptions({ db, rp: relyingParty(), userId: pending.userId, sessionId: pending.sessionId, now: new Date() });
  return options ? ok(options) : fail("FORBIDDEN");
});
