// "Forgot password?": the same answer for every address, a hashed single-use 30-minute link,
// throttles per address and per network, and a reset that ends every session but keeps 2FA.
import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { keyringFromEnv, open, sha256 } from "@/lib/crypto";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { accountKey, reservePasswordAttempt } from "@/lib/auth/password-throttle";
import { createSession } from "@/lib/auth/sessions";
import { tokenContext, type StoredEmailData } from "@/lib/mail/outbox";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { expectFailureWithAuditRefused } from "@/lib/testing/refuse-audit-writes";
import { findResetLink, RESET_LINK_MS, RESET_PER_ADDRESS, RESET_PER_IP, requestPasswordReset, resetPassword } from "./password-reset";

let test: TestDatabase;
let user: { id: string; email: string; organisationId: string };
let ip: string;
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const OLD_PASSWORD = "correct-horse-battery-staple";
const NEW_PASSWORD = "a brand new passphrase for tests";
const start = new Date("2030-07-01T10:00:00Z");
const later = (ms: number) => new Date(start.getTime() + ms);
let oldHash: string;

const request = (email: string, options: { now?: Date; from?: string } = {}) =>
  requestPasswordReset({ db: test.db, keyring, email, ip: options.from ?? ip, now: options.now ?? start });
const reset = (token: string, options: { password?: string; now?: Date } = {}) =>
  resetPassword({ db: test.db, token, password: options.password ?? NEW_PASSWORD, ip, now: options.now ?? later(60_000) });

const outboxTo = (email: string) => test.db.outboxEmail.findMany({ where: { recipient: email }, orderBy: { createdAt: "asc" } });
const tokensOf = (userId: string) => test.db.passwordResetToken.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
const events = (type: string, targetId = user.id) => test.db.auditEvent.findMany({ where: { targetId, type } });

/** The link's token, as the sender opens it from the newest reset email to `email`. */
async function tokenMailedTo(email: string): Promise<string> {
  const rows = (await outboxTo(email)).filter((row) => row.template === "password-reset");
  const row = rows.at(-1)!;
  const stored = JSON.parse(row.data) as StoredEmailData;
  return open(keyring, stored.sealedToken!, tokenContext(row.id)).toString();
}

async function newUser(status: "ACTIVE" | "INVITED" = "ACTIVE") {
  const { member } = await createOrganisationWithUsers(test.db, `reset${crypto.randomBytes(4).toString("hex")}`);
  await test.db.user.update({ where: { id: member.id }, data: { passwordHash: status === "ACTIVE" ? oldHash : "", accountStatus: status } });
  return { id: member.id, email: member.email, organisationId: member.organisationId };
}

beforeAll(async () => {
  test = await createTestDatabase();
  oldHash = await hashPassword(OLD_PASSWORD);
});
afterAll(() => test.dispose());
beforeEach(async () => {
  ip = `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
  user = await newUser();
});

describe("asking for a reset link", () => {
  it("gives known, unknown and invited addresses the same answer; only the known active account gets a link and an email", async () => {
    const invited = await newUser("INVITED");
    const unknown = `nobody-${crypto.randomBytes(4).toString("hex")}@example.test`;
    expect(await request(user.email)).toEqual({ ok: true });
    expect(await request(unknown)).toEqual({ ok: true });
    expect(await request(invited.email)).toEqual({ ok: true });

    expect(await outboxTo(unknown)).toEqual([]);
    expect(await outboxTo(invited.email)).toEqual([]);
    expect(await tokensOf(invited.id)).toEqual([]);
    expect(await events("password.reset_requested", invited.id)).toEqual([]);

    const [email] = await outboxTo(user.email);
    expect(email).toMatchObject({ template: "password-reset", organisationId: user.organisationId, status: "QUEUED" });
    expect(JSON.parse(email!.data).data).toEqual({ expiresAt: later(RESET_LINK_MS).toISOString() });
    expect(await events("password.reset_requested")).toEqual([expect.objectContaining({ actorId: null, targetId: user.id, ip, createdAt: start })]);
  });

  it("stores only the SHA-256 of the link's token, which works for 30 minutes and not a moment longer", async () => {
    await request(user.email);
    const token = await tokenMailedTo(user.email);
    const [row] = await tokensOf(user.id);
    expect(row).toMatchObject({ tokenHash: sha256(token), expiresAt: later(RESET_LINK_MS), usedAt: null, ip });
    expect(row!.tokenHash).not.toContain(token);
    expect(JSON.stringify(await outboxTo(user.email))).not.toContain(token);

    expect(await findResetLink({ db: test.db, token, now: later(RESET_LINK_MS - 1000) })).toMatchObject({ ok: true, user: { id: user.id } });
    expect(await findResetLink({ db: test.db, token, now: later(RESET_LINK_MS) })).toEqual({ ok: false });
    expect(await reset(token, { now: later(RESET_LINK_MS + 1) })).toEqual({ ok: false, reason: "link-invalid" });
    expect(await verifyPassword((await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash, OLD_PASSWORD)).toBe(true);
  });

  it("makes the earlier link stop working when a new one is asked for", async () => {
    await request(user.email);
    const first = await tokenMailedTo(user.email);
    await request(user.email, { now: later(1000) });
    const second = await tokenMailedTo(user.email);
    expect(second).not.toBe(first);
    expect(await reset(first)).toEqual({ ok: false, reason: "link-invalid" });
    expect(await reset(second)).toEqual({ ok: true });
  });

  it("queues nothing when its audit event cannot be written", async () => {
    await expectFailureWithAuditRefused(test.db, () => request(user.email));
    expect(await tokensOf(user.id)).toEqual([]);
    expect(await outboxTo(user.email)).toEqual([]);
  });
});

describe("throttles", () => {
  it(`sends at most ${RESET_PER_ADDRESS} links an hour to an address, and answers the same after that (no email)`, async () => {
    const answers = await Promise.all(Array.from({ length: RESET_PER_ADDRESS + 3 }, (_, i) => request(user.email, { from: `192.0.2.${i + 1}` })));
    expect(answers).toEqual(Array(RESET_PER_ADDRESS + 3).fill({ ok: true }));
    expect(await outboxTo(user.email)).toHaveLength(RESET_PER_ADDRESS);
    // An hour later the address gets links again.
    expect(await request(user.email, { now: later(60 * 60 * 1000) })).toEqual({ ok: true });
    expect(await outboxTo(user.email)).toHaveLength(RESET_PER_ADDRESS + 1);
  });

  it("counts an unknown address as it counts a known one", async () => {
    const unknown = `nobody-${crypto.randomBytes(4).toString("hex")}@example.test`;
    for (let i = 0; i < RESET_PER_ADDRESS + 1; i++) expect(await request(unknown)).toEqual({ ok: true });
    const row = await test.db.rateLimit.findUnique({ where: { key: `password-reset:address:${unknown}` } });
    expect(row?.count).toBe(RESET_PER_ADDRESS);
  });

  it(`refuses a network's requests past ${RESET_PER_IP} an hour, counting parallel ones, for any addresses`, async () => {
    const others = await Promise.all(Array.from({ length: 3 }, () => newUser()));
    const addresses = Array.from({ length: RESET_PER_IP + 5 }, (_, i) =>
      i < 3 ? others[i]!.email : `n${i}-${crypto.randomBytes(3).toString("hex")}@example.test`,
    );
    const answers = await Promise.all(addresses.map((email) => request(email)));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(RESET_PER_IP);
    expect(answers.filter((answer) => !answer.ok)).toEqual(Array(5).fill({ ok: false, reason: "rate-limited", retryAfterSeconds: 3600 }));
    // Another network is not affected.
    expect(await request(user.email, { from: "203.0.113.9" })).toEqual({ ok: true });
  });
});

describe("resetting the password with the link", () => {
  it("sets the new password, ends every session, keeps 2FA, audits it and mails the user, and does not sign in", async () => {
    await test.db.user.update({ where: { id: user.id }, data: { twoFactorStatus: "ACTIVE", totpSecret: "sealed-secret" } });
    const sessions = await Promise.all(
      ["COMPLETE", "COMPLETE", "SECOND_FACTOR"].map((stage) =>
        createSession({ db: test.db, user, stage: stage as "COMPLETE" | "SECOND_FACTOR", ip, userAgent: null, now: start }),
      ),
    );
    const sessionCount = await test.db.session.count({ where: { userId: user.id } });
    await request(user.email);
    const token = await tokenMailedTo(user.email);

    expect(await reset(token)).toEqual({ ok: true });
    const after = await test.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(after.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await verifyPassword(after.passwordHash, OLD_PASSWORD)).toBe(false);
    expect(after).toMatchObject({ passwordChangedAt: later(60_000), twoFactorStatus: "ACTIVE", totpSecret: "sealed-secret" });
    const revoked = await test.db.session.findMany({ where: { id: { in: sessions.map((s) => s.id) } } });
    expect(revoked.map((s) => s.revokedReason)).toEqual(["password-reset", "password-reset", "password-reset"]);
    expect(await test.db.session.count({ where: { userId: user.id } })).toBe(sessionCount); // none created
    expect(await events("password.reset")).toEqual([expect.objectContaining({ actorId: user.id, ip, createdAt: later(60_000) })]);
    const changed = (await outboxTo(user.email)).filter((row) => row.template === "password-changed");
    expect(changed.map((row) => JSON.parse(row.data).data)).toEqual([{ how: "reset", at: later(60_000).toISOString() }]);
  });

  it("works once: the second use, and every parallel one but one, says the link is no longer valid", async () => {
    await request(user.email);
    const token = await tokenMailedTo(user.email);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => reset(token, { password: `parallel password number ${i}` })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual(Array(5).fill({ ok: false, reason: "link-invalid" }));
    const winner = results.findIndex((result) => result.ok);
    const hash = (await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    expect(await verifyPassword(hash, `parallel password number ${winner}`)).toBe(true);
    expect(await events("password.reset")).toHaveLength(1);
    expect((await outboxTo(user.email)).filter((row) => row.template === "password-changed")).toHaveLength(1);
    expect(await reset(token)).toEqual({ ok: false, reason: "link-invalid" });
  });

  it("refuses a password against the rules and keeps the link usable", async () => {
    await request(user.email);
    const token = await tokenMailedTo(user.email);
    expect(await reset(token, { password: "password123" })).toMatchObject({
      ok: false,
      reason: "weak-password",
      message: expect.stringContaining("commonly used"),
    });
    expect(await reset(token, { password: `my ${user.email.split("@")[0]} pass` })).toMatchObject({ ok: false, reason: "weak-password" });
    expect(await reset(token, { password: "short" })).toMatchObject({ ok: false, reason: "weak-password" });
    expect(await reset(token)).toEqual({ ok: true });
  });

  it("refuses unknown tokens without touching anything", async () => {
    expect(await reset("not-a-token")).toEqual({ ok: false, reason: "link-invalid" });
    expect(await reset("")).toEqual({ ok: false, reason: "link-invalid" });
  });

  it("lifts the password throttle's lock on the account, so the new password can be used at once", async () => {
    for (let i = 0; i < 6; i++) await reservePasswordAttempt({ db: test.db, email: user.email, ip: `198.51.100.${i}`, now: start });
    expect(await reservePasswordAttempt({ db: test.db, email: user.email, ip, now: start })).toMatchObject({ allowed: false });
    await request(user.email);
    expect(await reset(await tokenMailedTo(user.email))).toEqual({ ok: true });
    expect(await test.db.rateLimit.findUnique({ where: { key: accountKey(user.email) } })).toBeNull();
  });

  it("changes nothing when its audit event cannot be written", async () => {
    await request(user.email);
    const token = await tokenMailedTo(user.email);
    const live = await createSession({ db: test.db, user, stage: "COMPLETE", ip, userAgent: null, now: start });
    await expectFailureWithAuditRefused(test.db, () => reset(token));
    expect(await verifyPassword((await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash, OLD_PASSWORD)).toBe(true);
    expect((await test.db.session.findUniqueOrThrow({ where: { id: live.id } })).revokedAt).toBeNull();
    expect(await findResetLink({ db: test.db, token, now: later(60_000) })).toMatchObject({ ok: true });
  });
});
