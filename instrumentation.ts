// Runs once when a server process starts (each worker, each instance): the periodic
// session job (abandoned logins, pruning) lives in the app, beside the code it calls.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { db } = await import("@/lib/db");
  const { startSessionMaintenance } = await import("@/lib/auth/session-maintenance");
  startSessionMaintenance({ db, log: console.error });
}
