// The outbox's sender, one in every app instance: claims due emails with a conditional
// update (a lease), renders each from its template, sends it over SMTP, and marks it sent.
// A failed try is retried with exponential backoff; after the last one the email is marked
// failed and logged. Two senders never hold the same email: the claim only succeeds on a
// row nobody holds, and only the holder may mark it.
import crypto from "node:crypto";
import os from "node:os";
import type { Db } from "@/lib/db";
import { open, type Keyring } from "@/lib/crypto";
import { messageIdFor, retryDelayMs, type MailConfig } from "./config";
import { tokenContext, type StoredEmailData } from "./outbox";
import { renderEmail, TemplateError } from "./render";
import { BACKGROUND_STOP_WAIT_MS } from "@/lib/operations/shutdown";
import { LINK_TEMPLATES } from "./templates";
import { SEND_CONCURRENCY, type MailTransport } from "./transport";
import { countOutboxSendFailure } from "@/lib/observability/metrics";

/** Longer than any one send can take (transport timeouts), so a live holder never loses its row. */
export const LEASE_MS = 2 * 60 * 1000;
const BATCH = 20;

export interface SenderDeps {
  db: Db;
  transport: MailTransport;
  config: MailConfig;
  keyring: Keyring;
  /** This sender's name in leaseOwner. */
  owner: string;
  now?: () => Date;
  log?: (message: string) => void;
}

const free = (now: Date) => ({ status: "QUEUED" as const, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] });

/** Takes up to `limit` due emails for this sender; the conditional update is the lock. */
export async function claimDueEmails(deps: Pick<SenderDeps, "db" | "owner">, now: Date, limit = BATCH): Promise<string[]> {
  const candidates = await deps.db.outboxEmail.findMany({
    where: { ...free(now), nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true },
  });
  const claimed: string[] = [];
  for (const { id } of candidates) {
    const { count } = await deps.db.outboxEmail.updateMany({
      where: { id, ...free(now) },
      data: { leaseOwner: deps.owner, leaseUntil: new Date(now.getTime() + LEASE_MS), attempts: { increment: 1 } },
    });
    if (count === 1) claimed.push(id);
  }
  return claimed;
}

type Outcome = "sent" | "retry" | "failed" | "lost";

/** Renders and sends one claimed email, then records what happened. */
export async function deliverClaimed(deps: SenderDeps, id: string): Promise<Outcome> {
  const { db, config } = deps;
  const now = deps.now ?? (() => new Date());
  const email = await db.outboxEmail.findUnique({
    where: { id },
    select: { id: true, template: true, recipient: true, data: true, attempts: true, organisationId: true, leaseOwner: true },
  });
  if (!email || email.leaseOwner !== deps.owner) return "lost";
  const mine = { id, leaseOwner: deps.owner };
  let stored: StoredEmailData;
  let rendered: Awaited<ReturnType<typeof renderEmail>>;
  try {
    stored = JSON.parse(email.data) as StoredEmailData;
    const organisation = email.organisationId
      ? await db.organisation.findUnique({ where: { id: email.organisationId }, select: { name: true } })
      : null;
    rendered = await renderEmail(email.template, stored.data, {
      organisationName: organisation?.name ?? "Twofold",
      recipientName: stored.recipientName ?? null,
      appUrl: config.appUrl,
      link: linkOf(deps, email.id, email.template, stored),
    });
  } catch (error) {
    // Retrying cannot fix a template or its data.
    const message = `Cannot render: ${error instanceof Error ? error.message : String(error)}`;
    countOutboxSendFailure();
    await db.outboxEmail.updateMany({
      where: mine,
      data: { status: "FAILED", lastError: message, lastAttemptAt: now(), leaseOwner: null, leaseUntil: null },
    });
    deps.log?.(`Email ${id} (${email.template}) failed: ${message}`);
    return "failed";
  }
  try {
    await deps.transport.send({ from: config.from, to: email.recipient, messageId: messageIdFor(email.id, config), ...rendered });
  } catch (error) {
    const message = smtpError(error);
    const last = email.attempts >= config.maxAttempts;
    countOutboxSendFailure();
    await db.outboxEmail.updateMany({
      where: mine,
      data: last
        ? { status: "FAILED", lastError: message, lastAttemptAt: now(), leaseOwner: null, leaseUntil: null }
        : {
            lastError: message,
            lastAttemptAt: now(),
            leaseOwner: null,
            leaseUntil: null,
            nextAttemptAt: new Date(now().getTime() + retryDelayMs(email.attempts, config)),
          },
    });
    if (last) deps.log?.(`Email ${id} (${email.template}) to ${email.recipient} failed after ${email.attempts} tries: ${message}`);
    return last ? "failed" : "retry";
  }
  // Sent: the one-time link leaves the database with it.
  const { sealedToken: _sent, ...kept } = stored;
  await db.outboxEmail.updateMany({
    where: mine,
    data: { status: "SENT", sentAt: now(), leaseOwner: null, leaseUntil: null, data: JSON.stringify(kept) },
  });
  return "sent";
}

function linkOf(deps: SenderDeps, id: string, template: string, stored: StoredEmailData): string | null {
  const path = (LINK_TEMPLATES as Record<string, string>)[template];
  if (!path) return null;
  if (!stored.sealedToken) throw new TemplateError("The one-time link is missing");
  const token = open(deps.keyring, stored.sealedToken, tokenContext(id)).toString();
  return `${deps.config.appUrl}${path}?token=${encodeURIComponent(token)}`;
}

function smtpError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: string; responseCode?: number }).responseCode ?? (error as { code?: string }).code;
    return `${code ? `${code}: ` : ""}${error.message}`.slice(0, 500);
  }
  return String(error).slice(0, 500);
}

/** How a running sender steers a pass: stop taking emails, and which ones are being sent now. */
export interface PassControl {
  signal?: AbortSignal;
  /** The emails handed to the transport and not yet recorded. */
  sending?: Set<string>;
  /** Called after each claim and each email: the sender's heartbeat. */
  onProgress?: () => void;
}

/** Claims and sends until nothing is due (or the signal aborts); returns how many of each outcome. */
export async function deliverDueEmails(deps: SenderDeps, control: PassControl = {}): Promise<Record<Outcome, number>> {
  const counts: Record<Outcome, number> = { sent: 0, retry: 0, failed: 0, lost: 0 };
  const now = deps.now ?? (() => new Date());
  while (!control.signal?.aborted) {
    const claimed = await claimDueEmails(deps, now());
    control.onProgress?.();
    if (!claimed.length) return counts;
    // A few at a time, over the transport's pooled connections; on abort the rest stay
    // claimed until releaseHeldEmails gives them back.
    const queue = [...claimed];
    await Promise.all(
      Array.from({ length: SEND_CONCURRENCY }, async () => {
        for (let id = queue.shift(); id && !control.signal?.aborted; id = queue.shift()) {
          control.sending?.add(id);
          try {
            counts[await deliverClaimed(deps, id)]++;
          } finally {
            control.sending?.delete(id);
            control.onProgress?.();
          }
        }
      }),
    );
  }
  return counts;
}

/**
 * Gives back the emails this sender claimed but has not tried (a stopping sender): another
 * instance may send them at once instead of after the lease. The claim's attempt is undone.
 * Emails in `except` (being sent right now) stay held until their lease runs out.
 */
export async function releaseHeldEmails(deps: Pick<SenderDeps, "db" | "owner">, except: Iterable<string> = []): Promise<number> {
  const { count } = await deps.db.outboxEmail.updateMany({
    where: { leaseOwner: deps.owner, status: "QUEUED", id: { notIn: [...except] } },
    data: { leaseOwner: null, leaseUntil: null, attempts: { decrement: 1 } },
  });
  return count;
}

export function senderName(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;
}

/** How long a stopping sender waits for the emails it is sending before it lets go of the rest. */
export const STOP_WAIT_MS = BACKGROUND_STOP_WAIT_MS;

/** Polls every config.pollMs; one run at a time. */
export function startMailSender(deps: Omit<SenderDeps, "owner"> & { owner?: string }) {
  const full: SenderDeps = { ...deps, owner: deps.owner ?? senderName() };
  const clock = () => (deps.now ?? (() => new Date()))().getTime();
  const stopping = new AbortController();
  const sending = new Set<string>();
  let lastBeatAt = clock();
  const beat = () => {
    lastBeatAt = clock();
  };
  let running: Promise<void> | null = null;
  // A database that stays down would otherwise log the same error every poll.
  let lastProblem: string | null = null;
  const pass = async () => {
    try {
      await deliverDueEmails(full, { signal: stopping.signal, sending, onProgress: beat });
      lastProblem = null;
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      if (problem !== lastProblem) full.log?.(`Mail sender: ${problem}`);
      lastProblem = problem;
    } finally {
      beat();
      running = null;
    }
  };
  const tick = () => {
    if (running || stopping.signal.aborted) return;
    beat();
    running = pass();
  };
  const timer = setInterval(tick, deps.config.pollMs);
  timer.unref();
  tick();
  return {
    /** When the sender last showed it was working (ms since the epoch): /readyz's outbox check. */
    lastBeatAt: () => lastBeatAt,
    /**
     * Takes no new email; waits (up to `waitMs`) for the ones being sent, then releases every
     * other email it holds so another instance sends it at once.
     */
    async stop(waitMs = STOP_WAIT_MS) {
      clearInterval(timer);
      stopping.abort();
      const current = running as Promise<void> | null;
      if (current) await Promise.race([current, new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
      try {
        await releaseHeldEmails(full, sending);
      } catch (error) {
        full.log?.(
          `Mail sender: could not release its emails (their lease runs out instead): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      full.transport.close();
    },
  };
}
