import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/crypto";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { beginEnrolment, confirmEnrolment } from "./enrol";
import { SOFT_LOCK_MS } from "./lockout";
import { newTotpSecret, openTotpSecret, sealTotpSecret } from "./secrets";
import { codeForStep, timeStep, TOTP_WINDOW } from "./totp";
import { verifySecondFactor } from "./verify";

// DESIGN §2: throttles reserve the attempt before checking it, so N parallel guesses count N;
// a correct code (or a replay of one) gives its reservation back.
let test: TestDatabase;
let organisationId: string;
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const now = new Date("2030-06-01T10:00:05Z");

beforeAll(async () => {
  test = await createTestDatabase();
  ({ id: organisationId } = await test.db.organisation.create({ data: { slug: "acme", name: "Acme Corp" } }));
});
afterAll(() => test.dispose());

let addresses = 0;
/** A fresh client address, so each test starts with an unused per-IP budget. */
const freshIp = () => `198.18.${Math.floor(++addresses / 250)}.${addresses % 250}`;

/** A user whose authenticator is set up (as after the wizard). */
async function enrolledUser() {
  const user = await test.db.user.create({
    data: { organisationId, email: `${crypto.randomUUID()}@acme.test`, name: "x", passwordHash: "not-a-real-hash" },
  });
  const secret = newTotpSecret();
  await test.db.user.update({
    where: { id: user.id },
    data: { twoFactorStatus: "ACTIVE", totpSecret: sealTotpSecret(keyring, secret, user.id) },
  });
  return { userId: user.id, secret };
}

/** A six-digit code that is none of the accepted steps' codes. */
function wrongCode(secret: Uint8Array, at = now) {
  const valid = new Set(Array.from({ length: 2 * TOTP_WINDOW + 1 }, (_, i) => codeForStep(secret, timeStep(at) - TOTP_WINDOW + i)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, "0");
    if (!valid.has(code)) return code;
  }
}

const verify = (userId: string, code: string, ip: string, method: "totp" | "backup-code" = "totp", at = now) =>
  verifySecondFactor({ db: test.db, keyring, userId, method, code, ip, now: at });

const failuresOf = async (userId: string) =>
  test.db.user.findUniqueOrThrow({ where: { id: userId }, select: { twoFactorFailures: true, twoFactorLockedUntil: true, totpLastStep: true } });

describe("the per-IP limit of the 2FA step, across accounts", () => {
  it("checks 20 wrong codes from one address and refuses the rest unchecked, even a right one", async () => {
    const users = await Promise.all(Array.from({ length: 26 }, enrolledUser));
    const ip = freshIp();
    const results = await Promise.all(users.slice(0, 25).map((u) => verify(u.userId, wrongCode(u.secret), ip)));
    expect(results.filter((r) => !r.ok && r.reason === "wrong-code")).toHaveLength(20);
    const refused = results.filter((r) => !r.ok && r.reason === "rate-limited");
    expect(refused).toHaveLength(5);
    expect(refused[0]).toMatchObject({ retryAfterSeconds: 15 * 60 });
    // Refused attempts are not checked: they count against no account.
    const counted = await Promise.all(users.slice(0, 25).map((u) => failuresOf(u.userId)));
    expect(counted.reduce((sum, row) => sum + row.twoFactorFailures, 0)).toBe(20);

    const last = users[25]!;
    const right = codeForStep(last.secret, timeStep(now));
    expect(await verify(last.userId, right, ip)).toMatchObject({ ok: false, reason: "rate-limited" });
    expect((await failuresOf(last.userId)).totpLastStep).toBeNull();
    expect(await verify(last.userId, right, freshIp())).toEqual({ ok: true });
    // The window ends 15 minutes after it began.
    const later = new Date(now.getTime() + 15 * 60_000 + 1000);
    expect(await verify(users[0]!.userId, wrongCode(users[0]!.secret, later), ip, "totp", later)).toMatchObject({ reason: "wrong-code" });
  });

  it("counts backup codes and the set-up wizard's confirmation in the same budget", async () => {
    const ip = freshIp();
    const users = await Promise.all(Array.from({ length: 10 }, enrolledUser));
    for (const u of users) expect(await verify(u.userId, "AAAA-AAAA-AAAA-AAAA", ip, "backup-code")).toMatchObject({ reason: "wrong-code" });
    for (const u of users) expect(await verify(u.userId, wrongCode(u.secret), ip)).toMatchObject({ reason: "wrong-code" });

    const newcomer = await enrolledUser();
    await beginEnrolment({ db: test.db, keyring, userId: newcomer.userId, email: "x@acme.test" });
    const row = await test.db.user.findUniqueOrThrow({ where: { id: newcomer.userId }, select: { totpPendingSecret: true } });
    const pending = openTotpSecret(keyring, row.totpPendingSecret!, newcomer.userId);
    const confirm = (code: string, from: string) => confirmEnrolment({ db: test.db, keyring, userId: newcomer.userId, code, ip: from, now });
    expect(await confirm(codeForStep(pending, timeStep(now)), ip)).toMatchObject({ ok: false, reason: "rate-limited" });
    expect(await confirm(codeForStep(pending, timeStep(now)), freshIp())).toEqual({ ok: true });
  });

  it("refuses the wizard's 21st parallel wrong confirmation from one address", async () => {
    const ip = freshIp();
    const users = await Promise.all(Array.from({ length: 25 }, enrolledUser));
    // Enrolments in progress (as beginEnrolment leaves them, without the backup codes' hashing).
    for (const u of users) {
      await test.db.user.update({
        where: { id: u.userId },
        data: { totpPendingSecret: sealTotpSecret(keyring, u.secret, u.userId), totpSecret: null },
      });
    }
    const results = await Promise.all(
      users.map((u) => confirmEnrolment({ db: test.db, keyring, userId: u.userId, code: wrongCode(u.secret), ip, now })),
    );
    expect(results.filter((r) => !r.ok && r.reason === "wrong-code")).toHaveLength(20);
    expect(results.filter((r) => !r.ok && r.reason === "rate-limited")).toHaveLength(5);
  });

  it("gives back the slot of a correct code", async () => {
    const ip = freshIp();
    const users = await Promise.all(Array.from({ length: 21 }, enrolledUser));
    for (const u of users.slice(0, 19)) await verify(u.userId, wrongCode(u.secret), ip);
    const { userId, secret } = users[19]!;
    expect(await verify(userId, codeForStep(secret, timeStep(now)), ip)).toEqual({ ok: true });
    expect(await verify(userId, wrongCode(secret), ip)).toMatchObject({ reason: "wrong-code" });
    expect(await verify(users[20]!.userId, wrongCode(users[20]!.secret), ip)).toMatchObject({ reason: "rate-limited" });
  });
});

describe("the per-account counter under concurrency", () => {
  it("checks only the 5 parallel wrong codes that fit before the lock, and locks from the counted failures", async () => {
    const { userId, secret } = await enrolledUser();
    const results = await Promise.all(Array.from({ length: 12 }, () => verify(userId, wrongCode(secret), freshIp())));
    expect(results.filter((r) => !r.ok && r.reason === "wrong-code")).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === "locked")).toHaveLength(7);
    const row = await failuresOf(userId);
    expect(row.twoFactorFailures).toBe(5);
    expect(row.twoFactorLockedUntil).toEqual(new Date(now.getTime() + SOFT_LOCK_MS));
    expect(await verify(userId, codeForStep(secret, timeStep(now)), freshIp())).toMatchObject({ ok: false, reason: "locked" });
  });

  it("lets a correct code give back its reservation, even the one that would have locked", async () => {
    const { userId, secret } = await enrolledUser();
    for (let i = 0; i < 4; i++) await verify(userId, wrongCode(secret), freshIp());
    expect(await verify(userId, codeForStep(secret, timeStep(now)), freshIp())).toEqual({ ok: true });
    expect(await failuresOf(userId)).toMatchObject({ twoFactorFailures: 4, twoFactorLockedUntil: null });
  });
});

describe("replays", () => {
  it("answers the loser of two parallel submissions of one code 'replayed', and counts no failure", async () => {
    const { userId, secret } = await enrolledUser();
    const ip = freshIp();
    const code = codeForStep(secret, timeStep(now));
    const results = await Promise.all([verify(userId, code, ip), verify(userId, code, ip)]);
    expect(results).toContainEqual({ ok: true });
    expect(results).toContainEqual({ ok: false, reason: "replayed" });
    expect(await verify(userId, code, ip)).toEqual({ ok: false, reason: "replayed" });
    expect((await failuresOf(userId)).twoFactorFailures).toBe(0);
  });

  it("treats an older step's code after a newer one as a replay", async () => {
    const { userId, secret } = await enrolledUser();
    const t = timeStep(now);
    expect(await verify(userId, codeForStep(secret, t + 1), freshIp())).toEqual({ ok: true });
    expect(await verify(userId, codeForStep(secret, t), freshIp())).toEqual({ ok: false, reason: "replayed" });
    expect((await failuresOf(userId)).twoFactorFailures).toBe(0);
  });

  it("answers the loser of two parallel uses of one backup code 'replayed'", async () => {
    const { userId } = await enrolledUser();
    const { backupCodes } = await beginEnrolment({ db: test.db, keyring, userId, email: "x@acme.test" });
    await test.db.backupCode.updateMany({ where: { userId }, data: { active: true } });
    const ip = freshIp();
    const results = await Promise.all([0, 1].map(() => verify(userId, backupCodes[0]!, ip, "backup-code")));
    expect(results).toContainEqual({ ok: true });
    expect(results).toContainEqual({ ok: false, reason: "replayed" });
    expect((await failuresOf(userId)).twoFactorFailures).toBe(0);
  });
});
