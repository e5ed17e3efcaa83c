// The outbox's rules against a real database and a real SMTP server (smtp-server, in-process):
// same-transaction writes, the lease, retries with backoff, failure, and exactly-once delivery
// with two senders racing.
import crypto from "node:crypto";
import net from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import { keyringFromEnv } from "@/lib/crypto";
import { createDb, type Db } from "@/lib/db";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { mailConfig } from "./config";
import { queueEmail, queueEmails, type EmailToQueue } from "./outbox";
import { claimDueEmails, deliverDueEmails, LEASE_MS, startMailSender, type SenderDeps } from "./sender";
import { mailStatus } from "./status";
import { SEND_CONCURRENCY, smtpTransport, type MailTransport, type OutgoingMessage } from "./transport";
import { metrics } from "@/lib/observability/metrics";
import { databaseGaugeReader } from "@/lib/observability/database-gauges";

const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const start = new Date("2030-07-01T10:00:00Z");
const later = (ms: number) => new Date(start.getTime() + ms);

let test: TestDatabase;
let organisationId: string;
let received: ParsedMail[] = [];
/** The SMTP envelope's recipients of each message, in order. */
let envelopes: string[][] = [];
let smtp: SMTPServer;
let smtpPort: number;
let closedPort: number;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  test = await createTestDatabase();
  ({
    organisation: { id: organisationId },
  } = await createOrganisationWithUsers(test.db, "mailco"));
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      envelopes.push(session.envelope.rcptTo.map((rcpt) => rcpt.address));
      void simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as net.AddressInfo).port;
  closedPort = await freePort();
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(resolve));
  await test.dispose();
});

beforeEach(async () => {
  received = [];
  envelopes = [];
  await test.db.outboxEmail.deleteMany();
});

const config = (overrides: Record<string, string> = {}) =>
  mailConfig({ APP_URL: "https://twofold.example.com", MAIL_RETRY_BASE_MS: "1000", MAIL_RETRY_MAX_MS: "8000", MAIL_MAX_ATTEMPTS: "3", ...overrides });

const transports: ReturnType<typeof smtpTransport>[] = [];
function transport(port: number) {
  const made = smtpTransport(`smtp://127.0.0.1:${port}`);
  transports.push(made);
  return made;
}

afterEach(() => {
  for (const made of transports.splice(0)) made.close();
});

function sender(overrides: Partial<SenderDeps> & { at?: Date } = {}): SenderDeps {
  const at = overrides.at ?? start;
  return {
    db: test.db,
    config: config(),
    keyring,
    transport: transport(smtpPort),
    owner: "sender-a",
    now: () => at,
    ...overrides,
  };
}

const enrolled = (to = "alice@mailco.test"): EmailToQueue<"two-factor-enrolled"> => ({
  template: "two-factor-enrolled",
  to,
  organisationId,
  recipientName: "Alice",
  data: { method: "app" },
});

describe("the outbox", () => {
  it("is written in the transaction of the change: a rolled-back change leaves no email", async () => {
    await expect(
      test.db.$transaction(async (tx) => {
        await queueEmail(tx, enrolled(), { now: start });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await test.db.outboxEmail.count()).toBe(0);
    await test.db.$transaction((tx) => queueEmail(tx, enrolled(), { now: start }));
    expect(await test.db.outboxEmail.count()).toBe(1);
  });

  it("writes a bulk action's emails in a few statements", async () => {
    await queueEmails(
      test.db,
      Array.from({ length: 1203 }, (_, i) => enrolled(`user${i}@mailco.test`)),
      { now: start },
    );
    expect(await test.db.outboxEmail.count({ where: { status: "QUEUED", template: "two-factor-enrolled" } })).toBe(1203);
  });
});

describe("the sender", () => {
  it("renders at send time and sends HTML and text with a stable Message-ID, then marks it sent", async () => {
    const id = await queueEmail(test.db, enrolled(), { now: start });
    expect(await deliverDueEmails(sender())).toMatchObject({ sent: 1, retry: 0, failed: 0 });
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail!.messageId).toBe(`<${id}@twofold.example.com>`);
    expect(mail!.subject).toBe("Two-factor authentication is on for your account");
    expect(mail!.text).toContain("mailco Inc");
    expect(mail!.html).toContain("mailco Inc");
    const row = await test.db.outboxEmail.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "SENT", attempts: 1, leaseOwner: null, sentAt: start });
    // Sent means done: nothing more to claim.
    expect(await deliverDueEmails(sender({ at: later(60_000) }))).toMatchObject({ sent: 0 });
  });

  it("cannot be made to add headers or recipients through a name typed into the app", async () => {
    await queueEmail(
      test.db,
      {
        template: "admin-user-locked",
        to: "admin@mailco.test",
        organisationId,
        data: { userEmail: "eve@mailco.test", userName: "Eve\r\nBcc: thief@evil.test\r\nX-Evil: 1" },
      },
      { now: start },
    );
    expect(await deliverDueEmails(sender())).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(envelopes).toEqual([["admin@mailco.test"]]);
    expect(mail!.headers.has("bcc")).toBe(false);
    expect(mail!.headers.has("x-evil")).toBe(false);
    expect(mail!.subject).not.toMatch(/[\r\n]/);
  });

  it("builds a one-time link from the sealed token, and erases the token once sent", async () => {
    const id = await queueEmail(
      test.db,
      { template: "password-reset", to: "alice@mailco.test", organisationId, data: { expiresAt: later(30 * 60_000).toISOString() } },
      { now: start, secret: { token: "tok-123", keyring } },
    );
    const stored = (await test.db.outboxEmail.findUniqueOrThrow({ where: { id } })).data;
    expect(stored).not.toContain("tok-123");
    await deliverDueEmails(sender());
    expect(received[0]!.text).toContain("https://twofold.example.com/reset-password?token=tok-123");
    expect((await test.db.outboxEmail.findUniqueOrThrow({ where: { id } })).data).not.toContain("sealedToken");
  });

  it("keeps an email queued while SMTP is down, retries with exponential backoff, and sends it once SMTP is back", async () => {
    const id = await queueEmail(test.db, enrolled(), { now: start });
    const down = sender({ transport: transport(closedPort) });
    expect(await deliverDueEmails(down)).toMatchObject({ retry: 1 });
    let row = await test.db.outboxEmail.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "QUEUED", attempts: 1, leaseOwner: null });
    expect(row.lastError).toMatch(/ECONNREFUSED/);
    expect(row.nextAttemptAt).toEqual(later(1000));
    // Not due before its time, even for another sender.
    expect(await claimDueEmails({ db: test.db, owner: "sender-b" }, later(999))).toEqual([]);
    expect(await deliverDueEmails({ ...down, now: () => later(1000) })).toMatchObject({ retry: 1 });
    row = await test.db.outboxEmail.findUniqueOrThrow({ where: { id } });
    expect(row.nextAttemptAt).toEqual(later(1000 + 2000));
    // SMTP is back: delivered once.
    expect(await deliverDueEmails(sender({ at: later(3000) }))).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
    expect(received[0]!.messageId).toBe(`<${id}@twofold.example.com>`);
  });

  it("marks an email failed after the last try, logs it, and mail status reports it", async () => {
    const id = await queueEmail(test.db, enrolled("bob@mailco.test"), { now: start });
    const logged: string[] = [];
    const down = sender({ transport: transport(closedPort), log: (line) => logged.push(line) });
    const failuresBefore = (await metrics().outboxSendFailures.get()).values[0]?.value ?? 0;
    for (const at of [start, later(1000), later(3000)]) await deliverDueEmails({ ...down, now: () => at });
    const row = await test.db.outboxEmail.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 3 });
    // Each failed try is counted for /metrics, and the failed email is in its outbox depth.
    expect((await metrics().outboxSendFailures.get()).values[0]?.value).toBe(failuresBefore + 3);
    expect(await databaseGaugeReader(test.db).outboxDepth()).toEqual({ queued: 0, failed: 1 });
    expect(logged.join("\n")).toMatch(/failed after 3 tries/);
    expect(await deliverDueEmails({ ...down, now: () => later(600_000) })).toMatchObject({ retry: 0, failed: 0 });
    const status = await mailStatus(test.db);
    expect(status).toMatchObject({ queued: 0, sent: 0, failed: 1 });
    expect(status.lastError).toMatchObject({ template: "two-factor-enrolled", recipient: "bob@mailco.test", status: "FAILED" });
    expect(status.lastError!.message).toMatch(/ECONNREFUSED/);
  });

  it("fails an email whose data no longer fits its template at once, without retrying", async () => {
    await test.db.outboxEmail.create({
      data: {
        id: crypto.randomUUID(),
        organisationId,
        template: "backup-code-used",
        recipient: "a@mailco.test",
        data: JSON.stringify({ data: { remaining: "x" } }),
        nextAttemptAt: start,
        createdAt: start,
      },
    });
    expect(await deliverDueEmails(sender({ log: () => {} }))).toMatchObject({ failed: 1 });
    expect(received).toHaveLength(0);
  });

  it("holds a claimed email for its lease: another sender cannot take it until the lease runs out", async () => {
    const id = await queueEmail(test.db, enrolled(), { now: start });
    expect(await claimDueEmails({ db: test.db, owner: "sender-a" }, start)).toEqual([id]);
    expect(await claimDueEmails({ db: test.db, owner: "sender-b" }, later(LEASE_MS - 1))).toEqual([]);
    // Sender A crashed between claim and send: after the lease, B takes it and sends it.
    expect(await deliverDueEmails(sender({ owner: "sender-b", at: later(LEASE_MS + 1) }))).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
    expect(await test.db.outboxEmail.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SENT", attempts: 2 });
  });

  it("with two senders racing, every email goes out exactly once", async () => {
    await queueEmails(
      test.db,
      Array.from({ length: 40 }, (_, i) => enrolled(`race${i}@mailco.test`)),
      { now: start },
    );
    // Two clients of the same database (separate connections on PostgreSQL), as two app instances.
    const second: Db = test.db.dialect === "postgresql" ? createDb(test.url) : test.db;
    try {
      const [a, b] = await Promise.all([
        deliverDueEmails(sender({ owner: "sender-a" })),
        deliverDueEmails(sender({ owner: "sender-b", db: second })),
      ]);
      expect(a.sent + b.sent).toBe(40);
      expect(a.lost + b.lost).toBe(0);
    } finally {
      if (second !== test.db) await second.$disconnect();
    }
    const recipients = received.map((mail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0]!.address);
    expect(recipients).toHaveLength(40);
    expect(new Set(recipients).size).toBe(40);
    expect(await test.db.outboxEmail.count({ where: { status: "SENT" } })).toBe(40);
  });

  it("when stopped, finishes the emails it is sending and gives back the rest at once, not after the lease", async () => {
    const total = SEND_CONCURRENCY + 3;
    await queueEmails(
      test.db,
      Array.from({ length: total }, (_, i) => enrolled(`stop${i}@mailco.test`)),
      { now: start },
    );
    // An SMTP server that takes its time: every send waits until the test lets it finish.
    const sent: OutgoingMessage[] = [];
    let finishSends!: () => void;
    const slow = new Promise<void>((resolve) => (finishSends = resolve));
    let closed = false;
    const slowTransport: MailTransport = {
      send: async (message) => {
        await slow;
        sent.push(message);
      },
      close: () => void (closed = true),
    };
    const running = startMailSender({ ...sender({ owner: "sender-a" }), transport: slowTransport });
    const held = () => test.db.outboxEmail.count({ where: { leaseOwner: "sender-a" } });
    await expect.poll(held).toBe(total);

    const stopped = running.stop(2000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    finishSends();
    await stopped;
    expect(closed).toBe(true);
    // The ones it was sending went out; the others are free for another instance right now.
    expect(sent).toHaveLength(SEND_CONCURRENCY);
    expect(await held()).toBe(0);
    const free = await test.db.outboxEmail.findMany({ where: { status: "QUEUED" }, select: { attempts: true, leaseUntil: true } });
    expect(free).toEqual(Array.from({ length: total - SEND_CONCURRENCY }, () => ({ attempts: 0, leaseUntil: null })));
    expect(await claimDueEmails({ db: test.db, owner: "sender-b" }, start)).toHaveLength(total - SEND_CONCURRENCY);
  });

  it("beats while it polls, which /readyz reads", async () => {
    let at = start;
    const running = startMailSender({ ...sender({ owner: "sender-a" }), now: () => at, config: config({ MAIL_POLL_MS: "20" }) });
    expect(running.lastBeatAt()).toBe(start.getTime());
    at = later(5000);
    await expect.poll(() => running.lastBeatAt()).toBe(later(5000).getTime());
    await running.stop();
  });
});
