// `npm run twofold -- mail status`: what the outbox holds.
import type { Db } from "@/lib/db";

export interface MailStatus {
  queued: number;
  sent: number;
  failed: number;
  /** Queued emails that already failed at least once (waiting for their next try). */
  retrying: number;
  lastError: { at: Date; template: string; recipient: string; message: string; status: string } | null;
  oldestQueuedAt: Date | null;
}

export async function mailStatus(db: Db): Promise<MailStatus> {
  const [queued, sent, failed, retrying, last, oldest] = await Promise.all([
    db.outboxEmail.count({ where: { status: "QUEUED" } }),
    db.outboxEmail.count({ where: { status: "SENT" } }),
    db.outboxEmail.count({ where: { status: "FAILED" } }),
    db.outboxEmail.count({ where: { status: "QUEUED", lastError: { not: null } } }),
    db.outboxEmail.findFirst({
      where: { lastAttemptAt: { not: null }, status: { not: "SENT" } },
      orderBy: { lastAttemptAt: "desc" },
      select: { lastAttemptAt: true, template: true, recipient: true, lastError: true, status: true },
    }),
    db.outboxEmail.findFirst({ where: { status: "QUEUED" }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
  ]);
  return {
    queued,
    sent,
    failed,
    retrying,
    lastError: last
      ? { at: last.lastAttemptAt!, template: last.template, recipient: last.recipient, message: last.lastError!, status: last.status }
      : null,
    oldestQueuedAt: oldest?.createdAt ?? null,
  };
}
