// Writing emails to the transactional outbox: call these with the transaction of the change
// that causes the email, so the email exists exactly when the change does. Nothing here
// talks to SMTP; lib/mail/sender.ts renders and sends later, in any instance.
import crypto from "node:crypto";
import type { DbOrTransaction } from "@/lib/db";
import { seal, type Keyring } from "@/lib/crypto";
import type { TemplateData, TemplateId } from "./templates";

export interface EmailToQueue<T extends TemplateId = TemplateId> {
  template: T;
  to: string;
  /** Whose name and organisation the email shows (null: none, e.g. an unknown address). */
  organisationId: string | null;
  recipientName?: string | null;
  data: TemplateData<T>;
}

/** What the outbox row's `data` column holds. */
export interface StoredEmailData {
  data: unknown;
  recipientName?: string | null;
  /** A one-time token for the email's link, sealed with the app key; erased once sent. */
  sealedToken?: string;
}

/** The context a token is sealed under: it only opens for this row. */
export const tokenContext = (outboxId: string) => `outbox:${outboxId}`;

function row(email: EmailToQueue, now: Date, secret?: { token: string; keyring: Keyring }) {
  const id = crypto.randomUUID();
  const stored: StoredEmailData = {
    data: email.data,
    ...(email.recipientName ? { recipientName: email.recipientName } : {}),
    ...(secret ? { sealedToken: seal(secret.keyring, Buffer.from(secret.token), tokenContext(id)) } : {}),
  };
  return {
    id,
    organisationId: email.organisationId,
    template: email.template,
    recipient: email.to,
    data: JSON.stringify(stored),
    nextAttemptAt: now,
    createdAt: now,
  };
}

/** One email; `secret` is the one-time token of an invitation or reset link. */
export async function queueEmail<T extends TemplateId>(
  db: DbOrTransaction,
  email: EmailToQueue<T>,
  options: { now?: Date; secret?: { token: string; keyring: Keyring } } = {},
): Promise<string> {
  const data = row(email, options.now ?? new Date(), options.secret);
  await db.outboxEmail.create({ data, select: { id: true } });
  return data.id;
}

const COLUMNS = ["id", "organisationId", "template", "recipient", "data", "nextAttemptAt", "createdAt"] as const;
// 500 rows of 7 values stay well under SQLite's and PostgreSQL's bound-parameter limits.
const BATCH = 500;

/** Many emails in a few multi-row INSERTs (a bulk action mails every affected user). */
export async function queueEmails(db: DbOrTransaction, emails: EmailToQueue[], options: { now?: Date } = {}): Promise<void> {
  if (!emails.length) return;
  const now = options.now ?? new Date();
  const columns = COLUMNS.map((column) => `"${column}"`).join(", ");
  const numbered = db.dialect === "postgresql";
  for (let start = 0; start < emails.length; start += BATCH) {
    const rows = emails.slice(start, start + BATCH).map((email) => {
      const r = row(email, now);
      return COLUMNS.map((column) => r[column]);
    });
    let n = 0;
    const placeholder = () => (numbered ? `$${++n}` : "?");
    const values = rows.map((values) => `(${values.map(placeholder).join(", ")})`).join(", ");
    await db.$executeRawUnsafe(`INSERT INTO "OutboxEmail" (${columns}) VALUES ${values}`, ...rows.flat());
  }
}

/** One email to every admin of the organisation (read in the same transaction). */
export async function queueEmailToAdmins<T extends TemplateId>(
  db: DbOrTransaction,
  email: Omit<EmailToQueue<T>, "to" | "recipientName"> & { organisationId: string },
  options: { now?: Date } = {},
): Promise<void> {
  const admins = await db.user.findMany({
    where: { organisationId: email.organisationId, role: "ADMIN", accountStatus: "ACTIVE" },
    select: { email: true, name: true },
  });
  await queueEmails(
    db,
    admins.map((admin) => ({ ...email, to: admin.email, recipientName: admin.name })),
    options,
  );
}
