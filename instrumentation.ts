// Runs once when a server process starts (each worker, each instance): the periodic
// session job (abandoned logins, pruning) and the outbox's mail sender live in the app,
// beside the code they call.
let noteDatabaseFailure: ((error: unknown) => boolean) | undefined;

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  ({ noteDatabaseFailure } = await import("@/lib/database-unavailable"));
  const { db } = await import("@/lib/db");
  const { startSessionMaintenance } = await import("@/lib/auth/session-maintenance");
  const { log } = await import("@/lib/observability/log");
  startSessionMaintenance({ db, log: (message) => log.warn(message) });

  const { mailConfig } = await import("@/lib/mail/config");
  const config = mailConfig();
  if (!config.smtpUrl) {
    console.warn("SMTP_URL is not set: emails wait in the outbox and are sent once it is (npm run twofold -- mail status).");
    return;
  }
  const { appKeyring } = await import("@/lib/crypto");
  const { smtpTransport } = await import("@/lib/mail/transport");
  const { startMailSender } = await import("@/lib/mail/sender");
  startMailSender({ db, config, keyring: appKeyring(), transport: smtpTransport(config.smtpUrl), log: console.error });
}

/**
 * Next reports every error of a page, route handler or server action here, before it writes
 * its 500, inside the request's context: a database that is unavailable marks the request,
 * and server.ts answers the 503 page instead (lib/http/unavailable-response.ts).
 */
export function onRequestError(error: unknown) {
  noteDatabaseFailure?.(error); // synchronously: Next need not wait for this before its 500
}
