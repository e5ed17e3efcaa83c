// Runs once when a server process starts (each worker, each instance): the periodic
// session job (abandoned logins, pruning) and the outbox's mail sender live in the app,
// beside the code they call. Each registers its stop with server.ts's graceful shutdown,
// and the sender its heartbeat for /readyz (lib/operations/process-state.ts).
let noteDatabaseFailure: ((error: unknown) => boolean) | undefined;

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  ({ noteDatabaseFailure } = await import("@/lib/database-unavailable"));
  const { db } = await import("@/lib/db");
  const { log, logProblem } = await import("@/lib/observability/log");
  const { onShutdown, operationsState } = await import("@/lib/operations/process-state");
  const { startSessionMaintenance } = await import("@/lib/auth/session-maintenance");
  const maintenance = startSessionMaintenance({ db, log: logProblem("session-maintenance") });
  onShutdown("session maintenance", () => maintenance.stop());

  const { mailConfig } = await import("@/lib/mail/config");
  const config = mailConfig();
  if (!config.smtpUrl) {
    // Mail waits in the outbox by design: /readyz does not count this against the instance.
    operationsState().outboxSender = { kind: "off" };
    log.warn("SMTP_URL is not set: emails wait in the outbox and are sent once it is (npm run twofold -- mail status).");
    return;
  }
  const { appKeyring } = await import("@/lib/crypto");
  const { smtpTransport } = await import("@/lib/mail/transport");
  const { startMailSender } = await import("@/lib/mail/sender");
  const sender = startMailSender({ db, config, keyring: appKeyring(), transport: smtpTransport(config.smtpUrl), log: logProblem("mail-sender") });
  operationsState().outboxSender = { kind: "running", intervalMs: config.pollMs, lastBeatAt: sender.lastBeatAt };
  onShutdown("mail sender", () => sender.stop());
}

/**
 * Next reports every error of a page, route handler or server action here, before it writes
 * its 500, inside the request's context: a database that is unavailable marks the request,
 * and server.ts answers the 503 page instead (lib/http/unavailable-response.ts).
 */
export function onRequestError(error: unknown) {
  noteDatabaseFailure?.(error); // synchronously: Next need not wait for this before its 500
}
