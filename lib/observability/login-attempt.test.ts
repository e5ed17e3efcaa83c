import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyringFromEnv } from "@/lib/crypto";
import { ERROR_CODES } from "@/lib/auth/errors";
import { hashPassword } from "@/lib/auth/password";
import { createSession } from "@/lib/auth/sessions";
import { submitPassword, submitSecondFactor, type LoginContext, type LoginOutcome as FlowOutcome, type TokenClaims } from "@/lib/auth/login-flow";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { beginEnrolment, confirmEnrolment } from "@/lib/two-factor/enrol";
import { openTotpSecret } from "@/lib/two-factor/secrets";
import { codeForStep, timeStep } from "@/lib/two-factor/totp";
import { runWithRequestContext, type RequestContext } from "@/lib/request-context";
import { LOGIN_OUTCOMES, metrics } from "./metrics";
import { loginOutcomeOf, recordLoginAttempt } from "./login-attempt";

// The login flow's real results on a real database, counted as the login route counts them.
let test: TestDatabase;
let organisationId: string;
const PASSWORD = "correct-horse-battery-staple";
const OFFICE = "198.51.100.20";
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const start = new Date("2030-07-01T09:00:05Z");
const at = (ms: number) => new Date(start.getTime() + ms);
const context = (ip = OFFICE, now = at(1000)): LoginContext => ({ db: test.db, keyring, ip, userAgent: "test", now });

beforeAll(async () => {
  test = await createTestDatabase();
  const organisation = await test.db.organisation.create({
    data: { slug: "acme", name: "Acme", loginMethod: "TWO_FACTOR", accessListEnabled: true, accessListVersion: 1 },
  });
  organisationId = organisation.id;
  await test.db.accessListEntry.create({ data: { organisationId, cidr: `${OFFICE}/32`, description: "Office" } });
});
afterAll(() => test.dispose());

async function user(local: string, twoFactor: "OFF" | "ACTIVE") {
  const created = await test.db.user.create({
    data: { organisationId, email: `${local}@acme.test`, name: local, passwordHash: await hashPassword(PASSWORD), twoFactorStatus: "REQUIRED" },
  });
  if (twoFactor === "OFF") {
    await test.db.user.update({ where: { id: created.id }, data: { twoFactorStatus: "OFF" } });
    return { user: created, secret: Buffer.alloc(0), backupCodes: [] as string[] };
  }
  const { backupCodes } = await beginEnrolment({ db: test.db, keyring, userId: created.id, email: created.email });
  const row = await test.db.user.findUniqueOrThrow({ where: { id: created.id }, select: { totpPendingSecret: true } });
  const secret = openTotpSecret(keyring, row.totpPendingSecret!, created.id);
  const code = codeForStep(secret, timeStep(at(-120_000)));
  expect(await confirmEnrolment({ db: test.db, keyring, userId: created.id, code, ip: "x", now: at(-120_000) })).toEqual({ ok: true });
  return { user: created, secret, backupCodes };
}

async function atChallenge(local: string) {
  const enrolled = await user(local, "ACTIVE");
  const session = await createSession({ db: test.db, user: enrolled.user, stage: "SECOND_FACTOR", ip: OFFICE, userAgent: null, now: start });
  const claims: TokenClaims = { uid: enrolled.user.id, sid: session.id, gen: session.generation };
  return { ...enrolled, claims };
}

async function counted(labels: "logins" | "secondFactor") {
  const values = (await metrics()[labels].get()).values;
  return Object.fromEntries(values.map((value) => [Object.values(value.labels)[0], value.value]));
}

/** Records the flow's result inside a request, as the route does; returns what was counted and what the log line carries. */
async function record(result: Promise<FlowOutcome>) {
  const outcome = await result;
  const [logins, factors] = [await counted("logins"), await counted("secondFactor")];
  const request: RequestContext = { clientIp: OFFICE, secure: false, userAgent: null };
  runWithRequestContext(request, () => recordLoginAttempt(outcome));
  const [loginsAfter, factorsAfter] = [await counted("logins"), await counted("secondFactor")];
  const delta = (before: Record<string, number>, after: Record<string, number>) =>
    Object.fromEntries(Object.entries(after).flatMap(([key, value]) => (value !== (before[key] ?? 0) ? [[key, value - (before[key] ?? 0)]] : [])));
  return { logins: delta(logins, loginsAfter), factors: delta(factors, factorsAfter), logged: request.outcome };
}

describe("each login attempt is counted once, by the outcome the flow decided", () => {
  it("a wrong password, and an unknown email, count as wrong_password", async () => {
    await user("wendy", "OFF");
    expect(await record(submitPassword(context(), { email: "wendy@acme.test", password: "nope" }))).toEqual({
      logins: { wrong_password: 1 },
      factors: {},
      logged: "wrong_password",
    });
    expect(await record(submitPassword(context(), { email: "nobody@acme.test", password: "nope" }))).toMatchObject({ logins: { wrong_password: 1 } });
  });

  it("a right password: success without 2FA, second_factor_required for an enrolled user (no factor counted yet)", async () => {
    await user("olive", "OFF");
    await user("eve", "ACTIVE");
    expect(await record(submitPassword(context(), { email: "olive@acme.test", password: PASSWORD }))).toEqual({
      logins: { success: 1 },
      factors: {},
      logged: "success",
    });
    expect(await record(submitPassword(context(), { email: "eve@acme.test", password: PASSWORD }))).toEqual({
      logins: { second_factor_required: 1 },
      factors: {},
      logged: "second_factor_required",
    });
  });

  it("a right password from outside the Access List counts as access_list_refused", async () => {
    await user("max", "OFF");
    expect(await record(submitPassword(context("192.0.2.9"), { email: "max@acme.test", password: PASSWORD }))).toMatchObject({
      logins: { access_list_refused: 1 },
      logged: "access_list_refused",
    });
  });

  it("the challenge: totp and backup code complete with their method; a wrong code and a lock are counted as such", async () => {
    const totp = await atChallenge("tom");
    const code = codeForStep(totp.secret, timeStep(at(1000)));
    expect(await record(submitSecondFactor(context(), { session: totp.claims, method: "totp", code }))).toEqual({
      logins: { success: 1 },
      factors: { totp: 1 },
      logged: "success",
    });
    const backup = await atChallenge("bea");
    expect(await record(submitSecondFactor(context(), { session: backup.claims, method: "backup-code", code: backup.backupCodes[0]! }))).toEqual({
      logins: { success: 1 },
      factors: { backup_code: 1 },
      logged: "success",
    });
    const wrong = await atChallenge("wes");
    expect(await record(submitSecondFactor(context(), { session: wrong.claims, method: "totp", code: "000000" }))).toEqual({
      logins: { wrong_code: 1 },
      factors: {},
      logged: "wrong_code",
    });
    await test.db.user.update({ where: { id: wrong.user.id }, data: { twoFactorLockedUntil: at(600_000) } });
    const code2 = codeForStep(wrong.secret, timeStep(at(1000)));
    expect(await record(submitSecondFactor(context(), { session: wrong.claims, method: "totp", code: code2 }))).toMatchObject({
      logins: { locked: 1 },
      logged: "locked",
    });
  });

  it("every error code the route can answer maps to one documented outcome", () => {
    for (const error of ERROR_CODES) expect(LOGIN_OUTCOMES).toContain(loginOutcomeOf({ state: "refused", error }));
  });
});
