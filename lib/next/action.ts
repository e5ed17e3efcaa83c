import "server-only";
import { headers } from "next/headers";
import { createActionFactory } from "@/lib/safe-action";
import { getCurrentUser, getPendingLogin } from "@/lib/next/current-user";
import { clientIpFrom } from "@/lib/request-ip";

/** `defineAction` bound to the real session: what every app server action uses. */
export const defineAction = createActionFactory({
  getCaller: getCurrentUser,
  getPendingLogin,
  getClientIp: async () => clientIpFrom(await headers()),
});
