import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/crypto";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { consumeBackupCode, countUnusedBackupCodes } from "./backup-codes";
import { beginEnrolment, confirmEnrolment } from "./enrol";
import { submitSecondFactor } from "@/lib/auth/login-flow";
import { createSession } from "@/lib/auth/sessions";
import { HARD_LOCK_THRESHOLD, SOFT_LOCK_MS } from "./lockout";
import { openTotpSecret } from "./secrets";
import { codeForStep, timeStep } from "./totp";
import { verifySecondFactor } from "./verify";

let test: TestDatabase;
let userId: string;
/** Each test's client address, so the per-IP limit of one test does not reach the next. */
let ip: string;
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const start = new Date("2030-03-01T10:00:05Z");
const later = (ms: number) => new Date(start.getTime() + ms);

async function secretOf(id: string, field: "totpSecret" | "totpPendingSecret") {
  const user = await test.db.user.findUniqueOrThrow({ where: { id }, select: { totpSecret: true, totpPendingSecret: true } });
  return openTotpSecret(keyring, user[field]!, id);
}

/** Enrols the user as the wizard does; returns the plain backup codes. */
async function enrol(id: string, now = start) {
  const material = await beginEnrolment({ db: test.db, keyring, userId: id, email: "x@acme.test" });
  const secret = await secretOf(id, "totpPendingSecret");
  expect(await confirmEnrolment({ db: test.db, keyring, userId: id, code: codeForStep(secret, timeStep(now)), ip, now })).toEqual({ ok: true });
  return { ...material, secret };
}

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());
beforeEach(async () => {
  ip = `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;
  const slug = `org${crypto.randomBytes(4).toString("hex")}`;
  ({
    member: { id: userId },
  } = await createOrganisationWithUsers(test.db, slug));
});

describe("enrolment", () => {
  it("stores a 160-bit secret encrypted, and activates nothing before a correct code", async () => {
    const material = await beginEnrolment({ db: test.db, keyring, userId, email: "x@acme.test" });
    const row = await test.db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(row.totpPendingSecret).toMatch(/^v1\.k1\./);
    expect(row.totpPendingSecret).not.toContain(material.setupKey.replace(/ /g, ""));
    expect((await secretOf(userId, "totpPendingSecret")).length).toBe(20);
    expect(row.twoFactorStatus).toBe("OFF");
    expect(material.backupCodes).toHaveLength(10);
    expect(await countUnusedBackupCodes({ db: test.db, userId })).toBe(0);

    const wrong = await confirmEnrolment({ db: test.db, keyring, userId, code: "000000", ip, now: start });
    expect(wrong).toMatchObject({ ok: false, reason: "wrong-code" });
    expect((await test.db.user.findUniqueOrThrow({ where: { id: userId } })).twoFactorStatus).toBe("OFF");
  });

  it("activates the secret and the codes with a correct code", async () => {
    await enrol(userId);
    const row = await test.db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(row).toMatchObject({ twoFactorStatus: "ACTIVE", totpPendingSecret: null, totpLastStep: timeStep(start) });
    expect(await countUnusedBackupCodes({ db: test.db, userId })).toBe(10);
  });

  it("uses a new secret on re-enrolment, and the old codes die with it", async () => {
    const first = await enrol(userId);
    // Even within the same 30-second step: the old secret's last step does not bind the new one.
    const second = await enrol(userId, start);
    expect(second.secret.equals(first.secret)).toBe(false);
    expect(await consumeBackupCode({ db: test.db, userId, input: first.backupCodes[0]!, now: later(61_000) })).toBe("no-match");
    expect(await consumeBackupCode({ db: test.db, userId, input: second.backupCodes[0]!, now: later(61_000) })).toBe("accepted");
  });
});

describe("verifying a login", () => {
  it("accepts a code once: the same step again is a replay", async () => {
    const { secret } = await enrol(userId);
    const now = later(30_000);
    const code = codeForStep(secret, timeStep(now));
    expect(await verifySecondFactor({ db: test.db, keyring, userId, method: "totp", code, ip, now })).toEqual({ ok: true });
    expect(await verifySecondFactor({ db: test.db, keyring, userId, method: "totp", code, ip, now })).toEqual({ ok: false, reason: "replayed" });
  });

  it("activates an enrolment once when the same code is confirmed twice at the same moment", async () => {
    await beginEnrolment({ db: test.db, keyring, userId, email: "x@acme.test" });
    const secret = await secretOf(userId, "totpPendingSecret");
    const code = codeForStep(secret, timeStep(start));
    const results = await Promise.all([0, 1].map(() => confirmEnrolment({ db: test.db, keyring, userId, code, ip, now: start })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("lets exactly one of many concurrent requests with the same code win", async () => {
    const { secret } = await enrol(userId);
    const now = later(30_000);
    const code = codeForStep(secret, timeStep(now));
    const results = await Promise.all(
      Array.from({ length: 10 }, () => verifySecondFactor({ db: test.db, keyring, userId, method: "totp", code, ip, now })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("takes a backup code in any format, once", async () => {
    const { backupCodes } = await enrol(userId);
    const typed = backupCodes[3]!.toLowerCase().replace(/-/g, " ");
    expect(await verifySecondFactor({ db: test.db, keyring, userId, method: "backup-code", code: typed, ip, now: later(1000) })).toEqual({
      ok: true,
    });
    expect(
      await verifySecondFactor({ db: test.db, keyring, userId, method: "backup-code", code: backupCodes[3]!, ip, now: later(2000) }),
    ).toMatchObject({
      ok: false,
      reason: "wrong-code",
    });
    expect(await countUnusedBackupCodes({ db: test.db, userId })).toBe(9);
  });

  it("lets exactly one of 20 parallel uses of one backup code succeed", async () => {
    const { backupCodes } = await enrol(userId);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => consumeBackupCode({ db: test.db, userId, input: backupCodes[0]!, now: later(1000) })),
    );
    expect(results.filter((r) => r === "accepted")).toHaveLength(1);
    expect(results.filter((r) => r === "replayed")).toHaveLength(19);
  });
});

describe("lockout", () => {
  const wrong = (now: Date) => verifySecondFactor({ db: test.db, keyring, userId, method: "totp", code: "000000", ip, now });

  it("locks for 15 minutes after 5 failures, TOTP and backup codes counting together", async () => {
    const { secret } = await enrol(userId);
    for (let i = 0; i < 3; i++) expect(await wrong(later(1000))).toMatchObject({ reason: "wrong-code", lock: { kind: "open" } });
    await verifySecondFactor({ db: test.db, keyring, userId, method: "backup-code", code: "AAAA-AAAA-AAAA-AAAA", ip, now: later(1000) });
    expect(await wrong(later(1000))).toMatchObject({ reason: "wrong-code", lock: { kind: "locked" } });

    // Even the right code is refused while locked.
    const during = later(SOFT_LOCK_MS - 1000);
    const right = codeForStep(secret, timeStep(during));
    expect(await verifySecondFactor({ db: test.db, keyring, userId, method: "totp", code: right, ip, now: during })).toMatchObject({
      ok: false,
      reason: "locked",
    });
    const after = later(SOFT_LOCK_MS + 2000);
    expect(
      await verifySecondFactor({ db: test.db, keyring, userId, method: "totp", code: codeForStep(secret, timeStep(after)), ip, now: after }),
    ).toEqual({
      ok: true,
    });
  });

  it("grows the lock with each further failure and locks until an admin unlocks at 10", async () => {
    await enrol(userId);
    let now = later(0);
    for (let failure = 1; failure <= HARD_LOCK_THRESHOLD; failure++) {
      const result = await wrong(now);
      const row = await test.db.user.findUniqueOrThrow({ where: { id: userId } });
      expect(row.twoFactorFailures).toBe(failure);
      if (failure >= 5 && failure < HARD_LOCK_THRESHOLD) {
        expect(row.twoFactorLockedUntil!.getTime() - now.getTime()).toBe(SOFT_LOCK_MS * 2 ** (failure - 5));
        expect(result).toMatchObject({ lock: { kind: "locked" } });
        now = new Date(row.twoFactorLockedUntil!.getTime() + 1000);
      }
      if (failure === HARD_LOCK_THRESHOLD) expect(result).toMatchObject({ lock: { kind: "locked-by-admin" } });
    }
    expect(await wrong(new Date(now.getTime() + 365 * 24 * 3600_000))).toMatchObject({ reason: "locked", lock: { kind: "locked-by-admin" } });
  });

  it("resets only on a full successful login", async () => {
    const codes = await enrol(userId);
    for (let i = 0; i < 4; i++) await wrong(later(1000));
    const user = await test.db.user.findUniqueOrThrow({ where: { id: userId } });
    const session = await createSession({ db: test.db, user, stage: "SECOND_FACTOR", ip: "203.0.113.1", userAgent: null, now: later(1000) });
    const context = { db: test.db, keyring, ip: "203.0.113.1", userAgent: null, now: later(1500) };
    const login = { session: { uid: userId, sid: session.id, gen: session.generation }, method: "backup-code" as const, code: codes.backupCodes[0]! };
    expect(await submitSecondFactor(context, login)).toMatchObject({ state: "complete" });
    expect(await wrong(later(2000))).toMatchObject({ lock: { kind: "open" } });
  });
});
