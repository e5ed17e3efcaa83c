// Email configuration from the environment (README "Configuration"). Plain Node: server.ts
// reads it before Next starts, to refuse a production start that would mail broken links.
import { appBaseUrl } from "@/lib/env";

export interface MailConfig {
  /** smtp:// or smtps:// URL with credentials; null: emails stay queued until it is set. */
  smtpUrl: string | null;
  from: string;
  /** Public base URL for links in emails, without a trailing slash. */
  appUrl: string;
  /** How often each instance's sender looks for due emails. */
  pollMs: number;
  /** First retry delay; each later one doubles, up to maxRetryDelayMs. */
  retryBaseMs: number;
  maxRetryDelayMs: number;
  /** Tries before an email is marked failed. */
  maxAttempts: number;
}

type Env = Record<string, string | undefined>;

function positive(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : fallback;
}

export function mailConfig(env: Env = process.env): MailConfig {
  const appUrl = appBaseUrl(env);
  return {
    smtpUrl: env.SMTP_URL?.trim() || null,
    from: env.MAIL_FROM?.trim() || `Twofold <no-reply@${hostOf(appUrl)}>`,
    appUrl,
    pollMs: positive(env.MAIL_POLL_MS, 2000),
    retryBaseMs: positive(env.MAIL_RETRY_BASE_MS, 30_000),
    maxRetryDelayMs: positive(env.MAIL_RETRY_MAX_MS, 60 * 60 * 1000),
    maxAttempts: Math.round(positive(env.MAIL_MAX_ATTEMPTS, 10)),
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || "localhost";
  } catch {
    return "localhost";
  }
}

/** Why a server cannot start with this mail configuration, or nothing. */
export function mailConfigProblems(env: Env = process.env, production = env.NODE_ENV === "production"): string[] {
  const problems: string[] = [];
  const smtpUrl = env.SMTP_URL?.trim();
  if (smtpUrl) {
    let protocol = "";
    try {
      protocol = new URL(smtpUrl).protocol;
    } catch {
      // reported below
    }
    if (protocol !== "smtp:" && protocol !== "smtps:")
      problems.push("SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587");
    if (production && !env.APP_URL?.trim()) {
      problems.push("APP_URL is not set: emails need the public base URL of Twofold for their links (e.g. https://twofold.example.com)");
    }
  }
  const appUrl = env.APP_URL?.trim();
  if (appUrl) {
    let protocol = "";
    try {
      protocol = new URL(appUrl).protocol;
    } catch {
      // reported below
    }
    if (protocol !== "http:" && protocol !== "https:") problems.push("APP_URL must be an http:// or https:// URL");
  }
  return problems;
}

/** The email's Message-ID: stable per outbox row, so a resend after a crash is recognisable. */
export function messageIdFor(outboxId: string, config: Pick<MailConfig, "appUrl">): string {
  return `<${outboxId}@${hostOf(config.appUrl)}>`;
}

/** The delay before the next try after `attempts` failed ones: base, 2×base, 4×base, … capped. */
export function retryDelayMs(attempts: number, config: Pick<MailConfig, "retryBaseMs" | "maxRetryDelayMs">): number {
  return Math.min(config.retryBaseMs * 2 ** Math.max(0, attempts - 1), config.maxRetryDelayMs);
}
