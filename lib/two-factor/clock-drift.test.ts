import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/crypto";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { openTotpSecret } from "@/lib/two-factor/secrets";
import { codeForStep, timeStep } from "@/lib/two-factor/totp";
import { beginEnrolment, confirmEnrolment } from "@/lib/two-factor/enrol";
import { submitSecondFactor, type LoginContext, type TokenClaims } from "@/lib/auth/login-flow";
import { createSession } from "@/lib/auth/sessions";

// Clock drift diagnosis at the login's challenge (issue 14 §2), on a real database: two wrong
// codes in a row that are codes of steps the same distance from now tell the user their
// phone's clock is off; one tells nothing; none is ever accepted, and all count as failures.
let test: TestDatabase;
let organisationId: string;
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const start = new Date("2030-07-01T09:00:05Z");
const at = (ms: number) => new Date(start.getTime() + ms);
let ipCounter = 0;

beforeAll(async () => {
  test = await createTestDatabase();
  organisationId = (await createOrganisationWithUsers(test.db, "drift")).organisation.id;
});
afterAll(() => test.dispose());

/** An enrolled user at the challenge, and how to send them codes (each test from an address of its own). */
async function atChallenge(local: string) {
  const user = await test.db.user.create({
    data: { organisationId, email: `${local}@drift.test`, name: local, passwordHash: "x", twoFactorStatus: "REQUIRED" },
  });
  const { backupCodes } = await beginEnrolment({ db: test.db, keyring, userId: user.id, email: user.email });
  const row = await test.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpPendingSecret: true } });
  const secret = openTotpSecret(keyring, row.totpPendingSecret!, user.id);
  const enrolledAt = at(-120_000);
  expect(
    await confirmEnrolment({ db: test.db, keyring, userId: user.id, code: codeForStep(secret, timeStep(enrolledAt)), ip: "x", now: enrolledAt }),
  ).toEqual({
    ok: true,
  });
  const session = await createSession({ db: test.db, user, stage: "SECOND_FACTOR", ip: "203.0.113.4", userAgent: null, now: start });
  const claims: TokenClaims = { uid: user.id, sid: session.id, gen: session.generation };
  const ip = `198.51.100.${++ipCounter}`;
  const context = (now: Date): LoginContext => ({ db: test.db, keyring, ip, userAgent: "test", now });
  /** The code of the step `offset` steps from `now`'s, sent at `now`. */
  const sendOffset = (offset: number, now = at(1000)) =>
    submitSecondFactor(context(now), { session: claims, method: "totp", code: codeForStep(secret, timeStep(now) + offset) });
  const send = (code: string, method: "totp" | "backup-code" = "totp", now = at(1000)) =>
    submitSecondFactor(context(now), { session: claims, method, code });
  const stored = () =>
    test.db.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { totpNearMissStep: true, totpNearMissOffset: true, twoFactorFailures: true },
    });
  return { user, secret, backupCodes, sendOffset, send, stored };
}

const failedEvents = async (userId: string) =>
  (await test.db.auditEvent.findMany({ where: { targetId: userId, type: "two_factor.failed" }, select: { detail: true } }))
    .map((event) => JSON.parse(event.detail ?? "null") as unknown)
    .sort((a, b) => JSON.stringify(a).length - JSON.stringify(b).length);

/** A six-digit code that is no step's within ±25 of `now`. */
function unrelatedCode(secret: Uint8Array, now: Date): string {
  const near = new Set(Array.from({ length: 51 }, (_, i) => codeForStep(secret, timeStep(now) - 25 + i)));
  return ["000000", "123456", "999999", "314159", "271828"].find((code) => !near.has(code))!;
}

describe("one near miss", () => {
  it("answers exactly as any wrong code, counts as a failure and is noted", async () => {
    const plain = await atChallenge("plain-wrong");
    const plainAnswer = await plain.send(unrelatedCode(plain.secret, at(1000)));
    const near = await atChallenge("one-near-miss");
    const nearAnswer = await near.sendOffset(8);
    expect(nearAnswer).toEqual(plainAnswer);
    expect(nearAnswer).toEqual({ state: "refused", error: "INVALID_CODE", retryAfterSeconds: undefined });
    expect(await near.stored()).toEqual({ totpNearMissStep: timeStep(at(1000)) + 8, totpNearMissOffset: 8, twoFactorFailures: 1 });
    expect(await failedEvents(near.user.id)).toEqual(await failedEvents(plain.user.id));
  });

  it("is no near miss inside the window: T+1 is accepted", async () => {
    const user = await atChallenge("window");
    expect(await user.sendOffset(1)).toMatchObject({ state: "complete" });
  });
});

describe("two near misses in a row", () => {
  it("of different steps the same distance ahead: the phone's clock is fast; still refused and counted", async () => {
    const user = await atChallenge("fast");
    expect(await user.sendOffset(8)).not.toHaveProperty("clockDriftMinutes");
    expect(await user.sendOffset(9)).toEqual({ state: "refused", error: "INVALID_CODE", retryAfterSeconds: undefined, clockDriftMinutes: 4 });
    expect((await user.stored()).twoFactorFailures).toBe(2);
    expect(await failedEvents(user.user.id)).toEqual([{ method: "totp" }, { method: "totp", clockDriftMinutes: 4 }]);
  });

  it("behind: slow; a step later the same offset is a second observation too", async () => {
    const user = await atChallenge("slow");
    await user.sendOffset(-6, at(1000));
    expect(await user.sendOffset(-6, at(31_000))).toMatchObject({ clockDriftMinutes: -3 });
  });

  it("at the edges: 2 steps (1 minute) and 20 steps (10 minutes), never 21", async () => {
    const two = await atChallenge("edge-2");
    await two.sendOffset(2);
    expect(await two.sendOffset(3)).toMatchObject({ clockDriftMinutes: 1 });
    const twenty = await atChallenge("edge-20");
    await twenty.sendOffset(-19);
    expect(await twenty.sendOffset(-20)).toMatchObject({ clockDriftMinutes: -10 });
    const beyond = await atChallenge("edge-21");
    await beyond.sendOffset(21);
    expect(await beyond.sendOffset(22)).not.toHaveProperty("clockDriftMinutes");
    expect(await beyond.stored()).toMatchObject({ totpNearMissStep: null, totpNearMissOffset: null });
  });

  it("the same code typed twice is one observation", async () => {
    const user = await atChallenge("same-code");
    const code = codeForStep(user.secret, timeStep(at(1000)) + 8);
    await user.send(code);
    expect(await user.send(code)).not.toHaveProperty("clockDriftMinutes");
    // And again in the next step (now 7 steps ahead): still that one step.
    expect(await user.send(code, "totp", at(31_000))).not.toHaveProperty("clockDriftMinutes");
  });

  it("inconsistent distances tell nothing", async () => {
    const user = await atChallenge("inconsistent");
    await user.sendOffset(8);
    expect(await user.sendOffset(12)).not.toHaveProperty("clockDriftMinutes");
    await user.sendOffset(4);
    expect(await user.sendOffset(-4)).not.toHaveProperty("clockDriftMinutes");
  });

  it("a plain wrong code in between breaks the row", async () => {
    const user = await atChallenge("broken-by-wrong");
    await user.sendOffset(8);
    await user.send(unrelatedCode(user.secret, at(1000)));
    expect(await user.stored()).toMatchObject({ totpNearMissStep: null, totpNearMissOffset: null });
    expect(await user.sendOffset(9)).not.toHaveProperty("clockDriftMinutes");
  });

  it("a backup-code attempt in between breaks the row", async () => {
    const user = await atChallenge("broken-by-backup");
    await user.sendOffset(8);
    expect(await user.send("AAAA-BBBB-CCCC-DDDD", "backup-code")).toMatchObject({ error: "INVALID_CODE" });
    expect(await user.stored()).toMatchObject({ totpNearMissStep: null, totpNearMissOffset: null, twoFactorFailures: 2 });
    expect(await user.sendOffset(9)).not.toHaveProperty("clockDriftMinutes");
  });

  it("a right code clears the note", async () => {
    const user = await atChallenge("cleared-by-success");
    await user.sendOffset(8);
    expect(await user.sendOffset(0)).toMatchObject({ state: "complete" });
    expect(await user.stored()).toEqual({ totpNearMissStep: null, totpNearMissOffset: null, twoFactorFailures: 0 });
  });

  it("a lock this code starts wins over the hint", async () => {
    const user = await atChallenge("locks");
    await test.db.user.update({ where: { id: user.user.id }, data: { twoFactorFailures: 3 } });
    await user.sendOffset(8);
    const answer = await user.sendOffset(9);
    expect(answer).toMatchObject({ state: "refused", error: "TWO_FACTOR_LOCKED" });
    expect(answer).not.toHaveProperty("clockDriftMinutes");
    expect((await user.stored()).twoFactorFailures).toBe(5);
    // Locked: the next near miss is refused unchecked.
    expect(await user.sendOffset(10)).toMatchObject({ error: "TWO_FACTOR_LOCKED" });
  });
});
