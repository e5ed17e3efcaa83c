// Runs once when a server process starts (each worker, each instance): the periodic
// session job (abandoned logins, pruning) and the outbox's mail sender live in the app,
// beside the code they call.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { db } = await import("@/lib/db");
  const { log, logProblem } = await import("@/lib/observability/log");
  const { startSessionMaintenance } = await import("@/lib/auth/session-maintenance");
  startSessionMaintenance({ db, log: logProblem("session-maintenance") });

  const { mailConfig } = await import("@/lib/mail/config");
  const config = mailConfig();
  if (!config.smtpUrl) {
    log.warn("SMTP_URL is not set: emails wait in the outbox and are sent once it is (npm run twofold -- mail status).");
    return;
  }
  const { appKeyring } = await import("@/lib/crypto");
  const { smtpTransport } = await import("@/lib/mail/transport");
  const { startMailSender } = await import("@/lib/mail/sender");
  startMailSender({ db, config, keyring: appKeyring(), transport: smtpTransport(config.smtpUrl), log: logProblem("mail-sender") });
}
