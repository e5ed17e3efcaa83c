import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { countOpenRecoveryRequests, dismissRecoveryRequest, listOpenRecoveryRequests, requestRecovery } from "./recovery-requests";

// Recovery requests: one open per user, at most 3 a day, every active admin mailed, each
// organisation sees only its own. On the real test database.
let test: TestDatabase;
const start = new Date("2030-06-01T12:00:00Z");
const at = (ms: number) => new Date(start.getTime() + ms);
const HOUR = 60 * 60 * 1000;
let org: Awaited<ReturnType<typeof createOrganisationWithUsers>>;

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());
beforeEach(async () => {
  org = await createOrganisationWithUsers(test.db, `rr${crypto.randomBytes(4).toString("hex")}`);
  await test.db.user.update({ where: { id: org.member.id }, data: { twoFactorStatus: "ACTIVE", totpSecret: "sealed" } });
});

const request = (now: Date, message: string | null = null, userId = org.member.id) =>
  requestRecovery({ db: test.db, userId, message, ip: "198.51.100.9", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", now });
const dismiss = (requestId: string, organisationId = org.organisation.id, now = start) =>
  dismissRecoveryRequest({ db: test.db, organisationId, requestId, actor: org.admin, ip: "198.51.100.1", now });

describe("recovery requests", () => {
  it("mails every active admin (and nobody else) with who, when, from where and the message, and audits it", async () => {
    const second = await test.db.user.create({
      data: { organisationId: org.organisation.id, email: `second@${org.organisation.slug}.test`, name: "Second", role: "ADMIN", passwordHash: "x" },
    });
    const invited = await test.db.user.create({
      data: {
        organisationId: org.organisation.id,
        email: `invited@${org.organisation.slug}.test`,
        name: "Invited",
        role: "ADMIN",
        passwordHash: "x",
        accountStatus: "INVITED",
      },
    });
    expect(await request(start, "  Phone fell in the lake  ")).toEqual({ ok: true, status: "sent", at: start });
    const mails = await test.db.outboxEmail.findMany({ where: { organisationId: org.organisation.id, template: "recovery-requested" } });
    expect(mails.map((mail) => mail.recipient).sort()).toEqual([org.admin.email, second.email].sort());
    expect(mails.map((m) => m.recipient)).not.toContain(invited.email);
    expect(JSON.parse(mails[0]!.data).data).toEqual({
      userName: org.member.name,
      userEmail: org.member.email,
      at: start.toISOString(),
      ip: "198.51.100.9",
      browser: "Firefox on Linux",
      hasMessage: true,
    });
    expect(mails[0]!.data).not.toContain("lake");
    expect(await test.db.auditEvent.count({ where: { targetId: org.member.id, type: "recovery.requested" } })).toBe(1);
    expect(await listOpenRecoveryRequests({ db: test.db, organisationId: org.organisation.id })).toEqual([
      expect.objectContaining({
        userEmail: org.member.email,
        ip: "198.51.100.9",
        message: "Phone fell in the lake",
        canIssue: true,
        createdAt: start,
      }),
    ]);
  });

  it("keeps one open request per user: a second one creates nothing and says when the first was sent", async () => {
    await request(start);
    expect(await request(at(60_000), "again")).toEqual({ ok: true, status: "already-open", at: start });
    expect(await test.db.recoveryRequest.count({ where: { userId: org.member.id } })).toBe(1);
    expect(await test.db.outboxEmail.count({ where: { organisationId: org.organisation.id, template: "recovery-requested" } })).toBe(1);
  });

  it("allows at most 3 a day, then refuses until the oldest is a day old", async () => {
    for (let i = 0; i < 3; i++) {
      expect(await request(at(i * HOUR))).toMatchObject({ ok: true, status: "sent" });
      const open = await test.db.recoveryRequest.findFirstOrThrow({ where: { userId: org.member.id, closedAt: null } });
      expect(await dismiss(open.id)).toEqual({ ok: true });
    }
    expect(await request(at(3 * HOUR))).toEqual({ ok: false, reason: "too-many", retryAt: at(24 * HOUR) });
    expect(await test.db.recoveryRequest.count({ where: { userId: org.member.id } })).toBe(3);
    expect(await request(at(24 * HOUR + 1))).toMatchObject({ ok: true, status: "sent" });
  });

  it("two parallel requests make one", async () => {
    const results = await Promise.all([request(start), request(start), request(start)]);
    expect(results.filter((result) => result.ok && result.status === "sent")).toHaveLength(1);
    expect(await test.db.recoveryRequest.count({ where: { userId: org.member.id } })).toBe(1);
  });

  it("only for a user whose 2FA is active", async () => {
    await test.db.user.update({ where: { id: org.member.id }, data: { twoFactorStatus: "REQUIRED" } });
    expect(await request(start)).toEqual({ ok: false, reason: "not-enrolled" });
  });

  it("is invisible to another organisation, which cannot dismiss it either", async () => {
    await request(start);
    const other = await createOrganisationWithUsers(test.db, `rx${crypto.randomBytes(4).toString("hex")}`);
    expect(await listOpenRecoveryRequests({ db: test.db, organisationId: other.organisation.id })).toEqual([]);
    expect(await countOpenRecoveryRequests({ db: test.db, organisationId: other.organisation.id })).toBe(0);
    expect(await countOpenRecoveryRequests({ db: test.db, organisationId: org.organisation.id })).toBe(1);
    const open = await test.db.recoveryRequest.findFirstOrThrow({ where: { userId: org.member.id } });
    expect(await dismiss(open.id, other.organisation.id)).toEqual({ ok: false, reason: "not-open" });
    expect(await dismiss("no-such-request")).toEqual({ ok: false, reason: "not-open" });
    expect(await test.db.outboxEmail.count({ where: { organisationId: other.organisation.id } })).toBe(0);

    expect(await dismiss(open.id)).toEqual({ ok: true });
    expect(await dismiss(open.id)).toEqual({ ok: false, reason: "not-open" });
    expect(await test.db.recoveryRequest.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({
      closedHow: "dismissed",
      closedById: org.admin.id,
    });
    expect(await test.db.auditEvent.count({ where: { targetId: org.member.id, type: "recovery.dismissed" } })).toBe(1);
    expect(await countOpenRecoveryRequests({ db: test.db, organisationId: org.organisation.id })).toBe(0);
  });
});
