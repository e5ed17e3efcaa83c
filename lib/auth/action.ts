import "server-only";
import { headers } from "next/headers";
import { createActionFactory } from "@/lib/safe-action";
import { getCurrentUser } from "@/lib/auth/current-user";
import { clientIpFrom } from "@/lib/request-ip";

/** `defineAction` bound to the real session: what every app server action uses. */
export const defineAction = createActionFactory({
  getCaller: getCurrentUser,
  getClientIp: async () => clientIpFrom(await headers()),
});
