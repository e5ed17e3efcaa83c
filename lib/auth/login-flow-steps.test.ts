import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/crypto";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { openTotpSecret } from "@/lib/two-factor/secrets";
import { codeForStep, timeStep } from "@/lib/two-factor/totp";
import { beginEnrolment, confirmEnrolment } from "@/lib/two-factor/enrol";
import { beginSetup, submitSecondFactor, submitSetup, type LoginContext, type TokenClaims } from "./login-flow";
import { createSession, PENDING_STEP_MS } from "./sessions";

// The second-factor transitions of the login state machine, on a real database.
let test: TestDatabase;
let organisationId: string;
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const start = new Date("2030-07-01T09:00:05Z");
const at = (ms: number) => new Date(start.getTime() + ms);
const context = (now = at(1000)): LoginContext => ({ db: test.db, keyring, ip: "203.0.113.4", userAgent: "test", now });

beforeAll(async () => {
  test = await createTestDatabase();
  organisationId = (await createOrganisationWithUsers(test.db, "flow")).organisation.id;
});
afterAll(() => test.dispose());

/** An enrolled user waiting at the challenge; returns their secret, backup codes and pending session. */
async function atChallenge(local: string) {
  const user = await test.db.user.create({
    data: { organisationId, email: `${local}@flow.test`, name: local, passwordHash: "x", twoFactorStatus: "REQUIRED" },
  });
  const { backupCodes } = await beginEnrolment({ db: test.db, keyring, userId: user.id, email: user.email });
  const row = await test.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpPendingSecret: true } });
  const secret = openTotpSecret(keyring, row.totpPendingSecret!, user.id);
  expect(
    await confirmEnrolment({ db: test.db, keyring, userId: user.id, code: codeForStep(secret, timeStep(at(-120_000))), ip: "x", now: at(-120_000) }),
  ).toEqual({ ok: true });
  const session = await createSession({ db: test.db, user, stage: "SECOND_FACTOR", ip: "203.0.113.4", userAgent: null, now: start });
  const claims: TokenClaims = { uid: user.id, sid: session.id, gen: session.generation };
  return { user, secret, backupCodes, claims };
}

const auditCount = (userId: string, type: string) => test.db.auditEvent.count({ where: { targetId: userId, type } });

describe("challenge → complete", () => {
  it("a right code completes the login: new generation, counters reset, audited, in one go", async () => {
    const { user, secret, claims } = await atChallenge("right");
    await test.db.user.update({ where: { id: user.id }, data: { twoFactorFailures: 3 } });
    const outcome = await submitSecondFactor(context(), { session: claims, method: "totp", code: codeForStep(secret, timeStep(at(1000))) });
    expect(outcome).toMatchObject({ state: "complete", claims: { ...claims, gen: claims.gen + 1 } });
    expect(await test.db.session.findUniqueOrThrow({ where: { id: claims.sid } })).toMatchObject({
      stage: "COMPLETE",
      secondFactor: "totp",
      generation: 1,
    });
    expect(await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ twoFactorFailures: 0, lastLoginAt: at(1000) });
    expect(await auditCount(user.id, "login.succeeded")).toBe(1);
    // The same step again is over: the session is no longer at it.
    expect(
      await submitSecondFactor(context(at(2000)), { session: claims, method: "totp", code: codeForStep(secret, timeStep(at(31_000))) }),
    ).toMatchObject({ state: "refused", error: "LOGIN_EXPIRED" });
  });

  it("a wrong code stays at the challenge, counted and audited", async () => {
    const { user, claims } = await atChallenge("wrong");
    expect(await submitSecondFactor(context(), { session: claims, method: "totp", code: "000000" })).toMatchObject({
      state: "refused",
      error: "INVALID_CODE",
    });
    expect((await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).twoFactorFailures).toBe(1);
    expect(await auditCount(user.id, "two_factor.failed")).toBe(1);
    expect(await test.db.session.findUniqueOrThrow({ where: { id: claims.sid } })).toMatchObject({ stage: "SECOND_FACTOR" });
  });

  it("a backup code on a step that has run out is not spent, and nothing completes", async () => {
    const { user, backupCodes, claims } = await atChallenge("late");
    const outcome = await submitSecondFactor(context(at(PENDING_STEP_MS + 1)), { session: claims, method: "backup-code", code: backupCodes[0]! });
    expect(outcome).toMatchObject({ state: "refused", error: "LOGIN_EXPIRED" });
    expect(await test.db.backupCode.count({ where: { userId: user.id, active: true, usedAt: null } })).toBe(10);
    expect(await auditCount(user.id, "login.succeeded")).toBe(0);
  });

  it("refuses a token of another generation or another user, spending nothing", async () => {
    const { user, backupCodes, claims } = await atChallenge("forged");
    const other = await atChallenge("other");
    for (const session of [{ ...claims, gen: claims.gen + 1 }, { ...claims, uid: other.user.id }, null]) {
      expect(await submitSecondFactor(context(), { session, method: "backup-code", code: backupCodes[0]! })).toMatchObject({
        state: "refused",
        error: "LOGIN_EXPIRED",
      });
    }
    expect(await test.db.backupCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(0);
  });

  it("of two parallel uses of one backup code, one completes and the other is a replay, not a failure", async () => {
    const { user, backupCodes, claims } = await atChallenge("race");
    const outcomes = await Promise.all(
      [0, 1].map(() => submitSecondFactor(context(), { session: claims, method: "backup-code", code: backupCodes[1]! })),
    );
    expect(outcomes.filter((o) => o.state === "complete")).toHaveLength(1);
    expect((await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).twoFactorFailures).toBe(0);
    expect(await test.db.backupCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(1);
  });
});

describe("setup → complete", () => {
  it("the wizard's first code activates 2FA and completes the login together", async () => {
    const user = await test.db.user.create({
      data: { organisationId, email: "wizard@flow.test", name: "W", passwordHash: "x", twoFactorStatus: "REQUIRED" },
    });
    const session = await createSession({ db: test.db, user, stage: "SECOND_FACTOR", ip: "x", userAgent: null, now: start });
    const claims = { uid: user.id, sid: session.id, gen: 0 };
    expect(await beginSetup({ db: test.db, keyring, userId: user.id })).toMatchObject({ backupCodes: expect.any(Array) });
    const row = await test.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpPendingSecret: true } });
    const secret = openTotpSecret(keyring, row.totpPendingSecret!, user.id);
    expect(
      await submitSetup(context(), { session: claims, code: "123456" === codeForStep(secret, timeStep(at(1000))) ? "654321" : "123456" }),
    ).toMatchObject({ state: "refused", error: "INVALID_CODE" });
    expect(await submitSetup(context(), { session: claims, code: codeForStep(secret, timeStep(at(1000))) })).toMatchObject({
      state: "complete",
      claims: { gen: 1 },
    });
    expect(await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ twoFactorStatus: "ACTIVE" });
    expect(await auditCount(user.id, "two_factor.enrolled")).toBe(1);
    expect(await auditCount(user.id, "login.succeeded")).toBe(1);
    // An enrolled user gets no new setup material.
    expect(await beginSetup({ db: test.db, keyring, userId: user.id })).toBeNull();
  });

  it("a code on a setup step that has run out activates nothing", async () => {
    const user = await test.db.user.create({
      data: { organisationId, email: "slow@flow.test", name: "S", passwordHash: "x", twoFactorStatus: "REQUIRED" },
    });
    const session = await createSession({ db: test.db, user, stage: "SECOND_FACTOR", ip: "x", userAgent: null, now: start });
    await beginSetup({ db: test.db, keyring, userId: user.id });
    const row = await test.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpPendingSecret: true } });
    const secret = openTotpSecret(keyring, row.totpPendingSecret!, user.id);
    const late = at(PENDING_STEP_MS + 1000);
    expect(
      await submitSetup(context(late), { session: { uid: user.id, sid: session.id, gen: 0 }, code: codeForStep(secret, timeStep(late)) }),
    ).toMatchObject({ state: "refused", error: "LOGIN_EXPIRED" });
    expect(await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ twoFactorStatus: "REQUIRED" });
  });
});
