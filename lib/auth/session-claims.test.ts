import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { refreshSessionClaims, tokenClaims } from "./session-claims";
import {
  ABSOLUTE_TIMEOUT_MS,
  createSession,
  endSessionBySignOut,
  IDLE_TIMEOUT_MS,
  PENDING_STEP_MS,
  passSecondFactorStep,
  openSecondFactorStep,
  signOutOtherSessionsOf,
} from "./sessions";
import { pruneSessions, sweepAbandonedLogins } from "./session-maintenance";

let test: TestDatabase;
let org: Awaited<ReturnType<typeof createOrganisationWithUsers>>;
const IP = "203.0.113.9";

beforeAll(async () => {
  test = await createTestDatabase();
  org = await createOrganisationWithUsers(test.db, "acme");
});
afterAll(() => test.dispose());

const loginAt = new Date("2030-06-01T08:00:00Z");
const after = (ms: number) => new Date(loginAt.getTime() + ms);

async function newSession(options: { stage?: "COMPLETE" | "SECOND_FACTOR"; user?: { id: string; organisationId: string }; at?: Date } = {}) {
  const user = options.user ?? org.member;
  const session = await createSession({ db: test.db, user, stage: options.stage ?? "COMPLETE", ip: IP, userAgent: "UA", now: options.at ?? loginAt });
  return tokenClaims({ userId: user.id, sessionId: session.id, generation: session.generation });
}

const refresh = (claims: object, now: Date, ip = IP) => refreshSessionClaims({ db: test.db, claims: claims as Record<string, unknown>, ip, now });

async function setTwoFactor(userId: string, data: { twoFactorStatus: "OFF" | "REQUIRED" | "ACTIVE"; twoFactorDueAt?: Date | null }) {
  await test.db.user.update({ where: { id: userId }, data: { twoFactorDueAt: null, ...data } });
}

describe("session records", () => {
  it("keeps an active session and fills the profile from the database", async () => {
    const claims = await newSession();
    expect(await refresh(claims, after(60_000))).toMatchObject({
      stage: "complete",
      uid: org.member.id,
      role: "MEMBER",
      organisationName: "acme Inc",
      loginAt: loginAt.getTime(),
    });
  });

  it("ends a session idle for more than 30 minutes, and records why", async () => {
    const claims = await newSession();
    expect(await refresh(claims, after(IDLE_TIMEOUT_MS - 1000))).not.toBeNull();
    const stale = await newSession();
    expect(await refresh(stale, after(IDLE_TIMEOUT_MS + 1000))).toBeNull();
    expect(await test.db.session.findUniqueOrThrow({ where: { id: stale.sid } })).toMatchObject({ revokedReason: "idle-timeout" });
  });

  it("ends a session 12 hours after login even when it was active throughout", async () => {
    const claims = await newSession();
    for (let t = 20 * 60_000; t < ABSOLUTE_TIMEOUT_MS; t += 20 * 60_000) expect(await refresh(claims, after(t))).not.toBeNull();
    expect(await refresh(claims, after(ABSOLUTE_TIMEOUT_MS + 1))).toBeNull();
  });

  it("writes last seen at most once a minute", async () => {
    const claims = await newSession();
    await refresh(claims, after(30_000));
    expect((await test.db.session.findUniqueOrThrow({ where: { id: claims.sid } })).lastSeenAt).toEqual(loginAt);
    await refresh(claims, after(61_000));
    expect((await test.db.session.findUniqueOrThrow({ where: { id: claims.sid } })).lastSeenAt).toEqual(after(61_000));
  });

  it("refuses a token that names another user, an unknown record or an older generation", async () => {
    const claims = await newSession();
    expect(await refresh({ ...claims, uid: org.admin.id }, after(1000))).toBeNull();
    expect(await refresh({ ...claims, sid: "no-such-session" }, after(1000))).toBeNull();
    expect(await refresh({ ...claims, gen: claims.gen + 1 }, after(1000))).toBeNull();
    expect(await refresh({ uid: claims.uid, sid: claims.sid }, after(1000))).toBeNull();
  });

  it("keeps a signed-out session dead however many sign-ins and sign-outs follow", async () => {
    const stolen = await newSession();
    await endSessionBySignOut({ db: test.db, sessionId: stolen.sid, userId: stolen.uid, ip: IP, now: after(1000) });
    for (let i = 0; i < 60; i++) {
      const other = await newSession({ at: after(2000) });
      await endSessionBySignOut({ db: test.db, sessionId: other.sid, userId: other.uid, ip: IP, now: after(2000) });
    }
    expect(await refresh(stolen, after(3000))).toBeNull();
    expect(await test.db.auditEvent.count({ where: { type: "logout", targetId: org.member.id } })).toBe(61);
  });

  it("sign out other sessions ends every other session and keeps the caller's", async () => {
    const mine = await newSession();
    const others = [await newSession(), await newSession({ stage: "SECOND_FACTOR" })];
    const caller = { ...org.member, sessionId: mine.sid };
    expect(await signOutOtherSessionsOf({ db: test.db, caller, ip: IP, now: after(1000) })).toBeGreaterThanOrEqual(2);
    expect(await refresh(mine, after(2000))).not.toBeNull();
    for (const other of others) expect(await refresh(other, after(2000))).toBeNull();
  });
});

describe("the pending second-factor step", () => {
  it("keeps a fresh login at its step for 5 minutes, then ends it as abandoned", async () => {
    const user = await test.db.user.create({
      data: { organisationId: org.organisation.id, email: "p1@acme.test", name: "P", passwordHash: "x", twoFactorStatus: "ACTIVE" },
    });
    const claims = await newSession({ stage: "SECOND_FACTOR", user });
    const refreshed = await refresh(claims, after(4 * 60_000));
    expect(refreshed).toMatchObject({ stage: "two-factor", step: "challenge", uid: user.id });
    expect(refreshed).not.toHaveProperty("email");
    // Opening the step page again does not extend a fresh login's 5 minutes.
    expect(await openSecondFactorStep({ db: test.db, sessionId: claims.sid, userId: user.id, now: after(4 * 60_000) })).toBe(true);
    expect(await openSecondFactorStep({ db: test.db, sessionId: claims.sid, userId: user.id, now: after(PENDING_STEP_MS + 1) })).toBe(false);
    expect(await refresh(claims, after(PENDING_STEP_MS + 1000))).toBeNull();
    expect(await test.db.auditEvent.count({ where: { type: "login.abandoned", targetId: user.id } })).toBe(1);
  });

  it("issues a new generation when the step is passed, so the pending token dies", async () => {
    const user = await test.db.user.create({
      data: { organisationId: org.organisation.id, email: "p2@acme.test", name: "P", passwordHash: "x", twoFactorStatus: "ACTIVE" },
    });
    const pending = await newSession({ stage: "SECOND_FACTOR", user });
    const pass = () =>
      passSecondFactorStep({ db: test.db, sessionId: pending.sid, userId: user.id, generation: pending.gen, method: "totp", now: after(1000) });
    expect(await pass()).toBe(true);
    // Only once: a second pass of the same step gets nothing.
    expect(await pass()).toBe(false);
    expect(await refresh(pending, after(2000))).toBeNull();
    expect(await refresh({ ...pending, gen: pending.gen + 1 }, after(2000))).toMatchObject({ stage: "complete", email: "p2@acme.test" });
  });

  it("sweeps logins left at their step and prunes records 90 days after they could last be used", async () => {
    const user = await test.db.user.create({
      data: { organisationId: org.organisation.id, email: "p3@acme.test", name: "P", passwordHash: "x", twoFactorStatus: "ACTIVE" },
    });
    const left = await newSession({ stage: "SECOND_FACTOR", user });
    expect(await sweepAbandonedLogins({ db: test.db, now: after(PENDING_STEP_MS + 1) })).toBeGreaterThanOrEqual(1);
    expect(await sweepAbandonedLogins({ db: test.db, now: after(PENDING_STEP_MS + 2) })).toBe(0);
    expect(await test.db.session.findUniqueOrThrow({ where: { id: left.sid } })).toMatchObject({ revokedReason: "pending-step-expired" });
    expect(await test.db.auditEvent.count({ where: { type: "login.abandoned", targetId: user.id } })).toBe(1);

    await pruneSessions({ db: test.db, now: after(ABSOLUTE_TIMEOUT_MS + 89 * 86_400_000) });
    expect(await test.db.session.count({ where: { id: left.sid } })).toBe(1);
    await pruneSessions({ db: test.db, now: after(ABSOLUTE_TIMEOUT_MS + 90 * 86_400_000 + 1) });
    expect(await test.db.session.count({ where: { id: left.sid } })).toBe(0);
  });
});

describe("a new requirement reaches a signed-in user at the next request (issue 9 item 6)", () => {
  it("sends a user whose 2FA an admin just required to the setup wizard, without signing them out", async () => {
    const user = await test.db.user.create({ data: { organisationId: org.organisation.id, email: "r1@acme.test", name: "R", passwordHash: "x" } });
    const claims = await newSession({ user });
    expect(await refresh(claims, after(1000))).toMatchObject({ stage: "complete" });
    await setTwoFactor(user.id, { twoFactorStatus: "REQUIRED" });
    expect(await refresh(claims, after(2000))).toMatchObject({ stage: "two-factor", step: "setup" });
    // Its step stays open while the user works through it: each step page (and each code) starts 5 fresh minutes.
    expect(await openSecondFactorStep({ db: test.db, sessionId: claims.sid, userId: user.id, now: after(PENDING_STEP_MS + 60_000) })).toBe(true);
    expect(await refresh(claims, after(PENDING_STEP_MS + 120_000))).toMatchObject({ stage: "two-factor", step: "setup" });
  });

  it("keeps a session inside a grace period complete, and sends it to the wizard when the grace period ends", async () => {
    const user = await test.db.user.create({ data: { organisationId: org.organisation.id, email: "r2@acme.test", name: "R", passwordHash: "x" } });
    const claims = await newSession({ user });
    await setTwoFactor(user.id, { twoFactorStatus: "REQUIRED", twoFactorDueAt: after(10 * 60_000) });
    // The banner's deadline rides on the session read.
    expect(await refresh(claims, after(60_000))).toMatchObject({ stage: "complete", graceUntil: after(10 * 60_000).getTime() });
    expect(await refresh(claims, after(10 * 60_000 + 1))).toMatchObject({ stage: "two-factor", step: "setup" });
  });

  it("sends an enrolled user's password-only session to the challenge", async () => {
    const user = await test.db.user.create({ data: { organisationId: org.organisation.id, email: "r3@acme.test", name: "R", passwordHash: "x" } });
    const claims = await newSession({ user });
    await setTwoFactor(user.id, { twoFactorStatus: "ACTIVE" });
    expect(await refresh(claims, after(1000))).toMatchObject({ stage: "two-factor", step: "challenge" });
  });
});

describe("the organisation's login method", () => {
  const setLoginMethod = (loginMethod: "STANDARD" | "TWO_FACTOR") =>
    test.db.organisation.update({ where: { id: org.organisation.id }, data: { loginMethod } });

  it("under Standard asks nobody for a code and shows no countdown; back on 2FA, enrolments apply again at the next request", async () => {
    const enrolled = await newSession();
    const required = await newSession({ user: org.admin });
    await setTwoFactor(org.member.id, { twoFactorStatus: "ACTIVE" });
    await setTwoFactor(org.admin.id, { twoFactorStatus: "REQUIRED", twoFactorDueAt: after(3 * 86_400_000) });
    try {
      await setLoginMethod("STANDARD");
      const standard = await refresh(enrolled, after(1000));
      expect(standard).toMatchObject({ stage: "complete" });
      expect(await refresh(required, after(1000))).toMatchObject({ stage: "complete" });
      expect(await refresh(required, after(1000))).not.toHaveProperty("graceUntil");

      await setLoginMethod("TWO_FACTOR");
      expect(await refresh(enrolled, after(2000))).toMatchObject({ stage: "two-factor", step: "challenge" });
      expect(await refresh(required, after(2000))).toMatchObject({ stage: "complete", graceUntil: after(3 * 86_400_000).getTime() });
    } finally {
      await setLoginMethod("TWO_FACTOR");
      await setTwoFactor(org.member.id, { twoFactorStatus: "OFF" });
      await setTwoFactor(org.admin.id, { twoFactorStatus: "OFF" });
    }
  });

  it("completes a login waiting at its step when the method becomes Standard, audited once as a password sign-in", async () => {
    await setTwoFactor(org.member.id, { twoFactorStatus: "ACTIVE" });
    const pending = await newSession({ stage: "SECOND_FACTOR" });
    try {
      expect(await refresh(pending, after(1000))).toMatchObject({ stage: "two-factor", step: "challenge" });
      await setLoginMethod("STANDARD");
      expect(await refresh(pending, after(2000))).toMatchObject({ stage: "complete" });
      expect(await refresh(pending, after(3000))).toMatchObject({ stage: "complete" });
      expect(await test.db.session.findUniqueOrThrow({ where: { id: pending.sid } })).toMatchObject({ stage: "COMPLETE", secondFactor: null });
      const audited = await test.db.auditEvent.findMany({ where: { type: "login.succeeded", targetId: org.member.id } });
      expect(audited).toHaveLength(1);
      expect(JSON.parse(audited[0]!.detail!)).toMatchObject({ method: "password", loginMethod: "Standard" });
    } finally {
      await setLoginMethod("TWO_FACTOR");
      await setTwoFactor(org.member.id, { twoFactorStatus: "OFF" });
    }
  });
});

describe("the Access List, checked again where every session is read", () => {
  it("gives a session no access from outside its organisation's list, and back inside it again", async () => {
    const globex = await createOrganisationWithUsers(test.db, "globex");
    await test.db.accessListEntry.create({ data: { organisationId: globex.organisation.id, cidr: "198.51.100.0/24", description: "Office" } });
    await test.db.organisation.update({
      where: { id: globex.organisation.id },
      data: { accessListEnabled: true, accessListVersion: { increment: 1 } },
    });
    const claims = await newSession({ user: globex.member });
    expect(await refresh(claims, after(1000), "198.51.100.7")).toMatchObject({ stage: "complete" });
    // Blocked, not ended: nothing answers, and the session is there again back inside.
    expect(await refresh(claims, after(2000), "192.0.2.1")).toEqual({
      ...claims,
      stage: "blocked",
      loginAt: loginAt.getTime(),
      organisationId: globex.organisation.id,
      organisationName: "globex Inc",
    });
    expect(await refresh(claims, after(3000), "unknown")).toMatchObject({ stage: "blocked" });
    expect(await refresh(claims, after(4000), "198.51.100.7")).toMatchObject({ stage: "complete" });

    // A change to the list is seen at the next request: the version rides on the session read.
    await test.db.accessListEntry.create({ data: { organisationId: globex.organisation.id, cidr: "192.0.2.0/24", description: "Home" } });
    await test.db.organisation.update({ where: { id: globex.organisation.id }, data: { accessListVersion: { increment: 1 } } });
    expect(await refresh(claims, after(5000), "192.0.2.1")).toMatchObject({ stage: "complete" });
  });
});

describe("the cost of a request", () => {
  it("reads a session with one SQL statement, and writes only when last seen is a minute old", async () => {
    const statements: string[] = [];
    const counted = createDb(test.url, { onQuery: (sql) => statements.push(sql) });
    const claims = await newSession();
    await refreshSessionClaims({ db: counted, claims: claims as unknown as Record<string, unknown>, ip: IP, now: after(30_000) });
    expect(statements.filter((sql) => !/^(BEGIN|COMMIT|PRAGMA)/i.test(sql.trim()))).toHaveLength(1);
    statements.length = 0;
    await refreshSessionClaims({ db: counted, claims: claims as unknown as Record<string, unknown>, ip: IP, now: after(90_000) });
    expect(statements.filter((sql) => !/^(BEGIN|COMMIT|PRAGMA)/i.test(sql.trim()))).toHaveLength(2);
    await counted.$disconnect();
  });
});
