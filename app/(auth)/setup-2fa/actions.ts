"use server";

import { z } from "zod";
import { db } from "@/lib/db";
import { appKeyring } from "@/lib/crypto";
import { defineAction } from "@/lib/next/action";
import { beginSetup } from "@/lib/auth/login-flow";
import { fail, ok } from "@/lib/safe-action";

/** The wizard's secret and backup codes, for a login whose admin required 2FA. */
export const beginLoginSetup = defineAction({ input: z.undefined(), access: "two-factor" }, async (_input, { pending }) => {
  const material = await beginSetup({ db, keyring: appKeyring(), userId: pending.userId });
  return material ? ok(material) : fail("FORBIDDEN");
});
