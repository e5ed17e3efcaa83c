import "server-only";
import { createActionFactory } from "@/lib/safe-action";
import { getCurrentUser, getPendingLogin } from "@/lib/next/current-user";
import { currentClientIp } from "@/lib/next/request";
import { logError } from "@/lib/observability/log";
import { requestMetDatabaseOutage } from "@/lib/database-unavailable";

/** `defineAction` bound to the real session: what every app server action uses. */
export const defineAction = createActionFactory({
  getCaller: getCurrentUser,
  getPendingLogin,
  getClientIp: currentClientIp,
  logError: logError("server action failed"),
  databaseFailed: () => requestMetDatabaseOutage(),
});
