// "Trust this browser for N days": what trusts a browser, when its token skips the challenge
// (the right user, in time, setting on, never a Required user, never past the Access List),
// and every way it is forgotten. On the real test database.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyringFromEnv, open, randomToken, sha256 } from "@/lib/crypto";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { expectFailureWithAuditRefused } from "@/lib/testing/refuse-audit-writes";
import { hashPassword } from "@/lib/auth/password";
import { openTotpSecret } from "@/lib/two-factor/secrets";
import { codeForStep, timeStep } from "@/lib/two-factor/totp";
import { beginEnrolment, confirmEnrolment } from "@/lib/two-factor/enrol";
import { applyBulkAction } from "@/lib/admin/bulk-two-factor";
import { tokenContext, type StoredEmailData } from "@/lib/mail/outbox";
import { beginSetup, submitPassword, submitSecondFactor, submitSetup, type LoginContext, type LoginOutcome } from "./login-flow";
import { issueTemporaryAccessCode } from "@/lib/two-factor/temporary-access-code";
import { changePassword } from "./change-password";
import { requestPasswordReset, resetPassword } from "./password-reset";
import { runSessionMaintenance } from "./session-maintenance";
import { createSession } from "./sessions";
import {
  forgetAllTrustedBrowsers,
  forgetTrustedBrowser,
  forgetTrustedBrowsersByAdmin,
  listTrustedBrowsers,
  readTrustedBrowserToken,
  setTrustedBrowserDays,
  trustedBrowserCookieName,
  trustedBrowserCookieOptions,
} from "./trusted-browsers";

let test: TestDatabase;
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const PASSWORD = "correct-horse-battery-staple";
const DAY = 24 * 60 * 60 * 1000;
const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
let passwordHash: string;
let clock = new Date("2030-09-01T09:00:00Z").getTime();
/** A fresh moment for each step: TOTP steps and throttles never collide between tests. */
const tick = (ms = 120_000) => new Date((clock += ms));

const context = (now: Date, extra: Partial<LoginContext> = {}): LoginContext => ({
  db: test.db,
  keyring,
  ip: "203.0.113.9",
  userAgent: CHROME,
  now,
  ...extra,
});

beforeAll(async () => {
  test = await createTestDatabase();
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => test.dispose());

async function newOrganisation(days = 30, extra: { accessListEnabled?: boolean } = {}) {
  const slug = `tb${crypto.randomBytes(4).toString("hex")}`;
  return test.db.organisation.create({ data: { slug, name: slug, loginMethod: "TWO_FACTOR", trustedBrowserDays: days, ...extra } });
}

/** An enrolled (Active) user with a password; returns their TOTP secret. */
async function enrolledUser(organisationId: string, local = "u") {
  const email = `${local}-${crypto.randomBytes(4).toString("hex")}@tb.test`;
  const user = await test.db.user.create({
    data: { organisationId, email, name: local, passwordHash, twoFactorStatus: "REQUIRED" },
    select: { id: true, email: true, name: true, organisationId: true },
  });
  const { backupCodes } = await beginEnrolment({ db: test.db, keyring, userId: user.id, email });
  const row = await test.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpPendingSecret: true } });
  const secret = openTotpSecret(keyring, row.totpPendingSecret!, user.id);
  const now = tick();
  expect(await confirmEnrolment({ db: test.db, keyring, userId: user.id, code: codeForStep(secret, timeStep(now)), ip: "x", now })).toEqual({
    ok: true,
  });
  return { ...user, secret, backupCodes };
}

type Enrolled = Awaited<ReturnType<typeof enrolledUser>>;

function claimsOf(outcome: LoginOutcome) {
  if (outcome.state === "refused") throw new Error(`refused: ${outcome.error}`);
  return outcome.claims;
}

/** Password then code with "Trust this browser" ticked; returns the raw token the cookie would carry. */
async function trustedSignIn(user: Enrolled, options: { now?: Date; method?: "totp" | "backup-code"; carrying?: string | null } = {}) {
  const now = options.now ?? tick();
  const first = await submitPassword(context(now, { trustedBrowserToken: options.carrying }), { email: user.email, password: PASSWORD });
  expect(first.state).toBe("challenge");
  const code = options.method === "backup-code" ? user.backupCodes[0]! : codeForStep(user.secret, timeStep(now));
  const outcome = await submitSecondFactor(context(now, { trustedBrowserToken: options.carrying }), {
    session: claimsOf(first),
    method: options.method ?? "totp",
    code,
    trustBrowser: true,
  });
  expect(outcome).toMatchObject({ state: "complete", trustedBrowser: { days: expect.any(Number) } });
  return (outcome as { trustedBrowser: { token: string; days: number } }).trustedBrowser.token;
}

const signInWith = (user: { email: string }, token: string | null, now = tick(), extra: Partial<LoginContext> = {}) =>
  submitPassword(context(now, { trustedBrowserToken: token, ...extra }), { email: user.email, password: PASSWORD });

const devicesOf = (userId: string) => test.db.trustedDevice.findMany({ where: { userId } });
const eventsOf = (userId: string, type: string) => test.db.auditEvent.findMany({ where: { targetId: userId, type } });
const detailOf = (event: { detail: string | null }) => JSON.parse(event.detail ?? "{}") as Record<string, unknown>;

describe("the cookie", () => {
  it("is __Host- and Secure over https, plain on http://localhost; HttpOnly, Lax, Path=/, for the days", () => {
    expect(trustedBrowserCookieName(true)).toBe("__Host-twofold.trusted-browser");
    expect(trustedBrowserCookieName(false)).toBe("twofold.trusted-browser");
    expect(trustedBrowserCookieOptions(7, true)).toEqual({ httpOnly: true, sameSite: "lax", path: "/", maxAge: 7 * 86400, secure: true });
  });

  it("is read under this protocol's name only, and only when shaped like a token", () => {
    const token = randomToken(32);
    expect(readTrustedBrowserToken(`a=b; twofold.trusted-browser=${token}`, false)).toBe(token);
    expect(readTrustedBrowserToken(`twofold.trusted-browser=${token}`, true)).toBeNull();
    expect(readTrustedBrowserToken(`__Host-twofold.trusted-browser=${token}`, true)).toBe(token);
    expect(readTrustedBrowserToken(`twofold.trusted-browser=short`, false)).toBeNull();
    expect(readTrustedBrowserToken(undefined, false)).toBeNull();
  });
});

describe("trusting a browser at the challenge", () => {
  it("stores only the token's hash with the user, browser, first address and expiry; audited", async () => {
    const organisation = await newOrganisation(30);
    const user = await enrolledUser(organisation.id);
    const now = tick();
    const token = await trustedSignIn(user, { now });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const device = (await devicesOf(user.id))[0]!;
    expect(device).toMatchObject({
      organisationId: organisation.id,
      tokenHash: sha256(token),
      userAgent: CHROME,
      ip: "203.0.113.9",
      createdAt: now,
      expiresAt: new Date(now.getTime() + 30 * DAY),
    });
    const [added] = await eventsOf(user.id, "trusted_browser.added");
    expect(detailOf(added!)).toEqual({ browser: "Chrome on Linux", days: 30 });
  });

  it("works with a backup code too; nothing is trusted unless asked, or while the setting is off", async () => {
    const organisation = await newOrganisation(7);
    const user = await enrolledUser(organisation.id);
    await trustedSignIn(user, { method: "backup-code" });
    expect(await devicesOf(user.id)).toHaveLength(1);

    const other = await enrolledUser(organisation.id);
    const now = tick();
    const first = await signInWith(other, null, now);
    const untrusted = await submitSecondFactor(context(now), {
      session: claimsOf(first),
      method: "totp",
      code: codeForStep(other.secret, timeStep(now)),
    });
    expect(untrusted).toMatchObject({ state: "complete" });
    expect(untrusted).not.toHaveProperty("trustedBrowser");

    const off = await newOrganisation(0);
    const third = await enrolledUser(off.id);
    const later = tick();
    const step = await signInWith(third, null, later);
    const asked = await submitSecondFactor(context(later), {
      session: claimsOf(step),
      method: "totp",
      code: codeForStep(third.secret, timeStep(later)),
      trustBrowser: true,
    });
    expect(asked).toMatchObject({ state: "complete" });
    expect(asked).not.toHaveProperty("trustedBrowser");
    expect(await devicesOf(other.id)).toHaveLength(0);
    expect(await devicesOf(third.id)).toHaveLength(0);
  });

  it("a wrong code trusts nothing", async () => {
    const organisation = await newOrganisation(30);
    const user = await enrolledUser(organisation.id);
    const now = tick();
    const first = await signInWith(user, null, now);
    const wrong = codeForStep(user.secret, timeStep(now) + 20);
    expect(await submitSecondFactor(context(now), { session: claimsOf(first), method: "totp", code: wrong, trustBrowser: true })).toMatchObject({
      state: "refused",
    });
    expect(await devicesOf(user.id)).toHaveLength(0);
  });

  it("trusting again in a browser whose trust lapsed replaces that user's earlier record, and only theirs", async () => {
    const organisation = await newOrganisation(30);
    const user = await enrolledUser(organisation.id);
    const trustedAt = tick();
    const first = await trustedSignIn(user, { now: trustedAt });
    const second = await trustedSignIn(user, { carrying: randomToken(32) });
    await test.db.organisation.update({ where: { id: organisation.id }, data: { trustedBrowserDays: 7 } });
    clock = trustedAt.getTime() + 8 * DAY;
    // The first browser's trust lapsed under the new 7 days: the code is asked, and trusting again replaces its record.
    await trustedSignIn(user, { carrying: first });
    const left = (await devicesOf(user.id)).map((device) => device.tokenHash);
    expect(left).toHaveLength(2);
    expect(left).not.toContain(sha256(first));
    expect(left).toContain(sha256(second));
  });
});

describe("the password step on a trusted browser", () => {
  it("skips the challenge: complete with secondFactor trusted-browser, last used noted, audited as a success", async () => {
    const organisation = await newOrganisation(30);
    const user = await enrolledUser(organisation.id);
    const token = await trustedSignIn(user);
    const now = tick();
    const outcome = await signInWith(user, token, now);
    expect(outcome.state).toBe("complete");
    const session = await test.db.session.findUniqueOrThrow({ where: { id: claimsOf(outcome).sid } });
    expect(session).toMatchObject({ stage: "COMPLETE", secondFactor: "trusted-browser", completedAt: now });
    expect((await devicesOf(user.id))[0]!.lastUsedAt).toEqual(now);
    const succeeded = await eventsOf(user.id, "login.succeeded");
    expect(succeeded.map(detailOf)).toContainEqual({ method: "trusted-browser" });
    expect((await test.db.user.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt).toEqual(now);
  });

  it("never skips the password", async () => {
    const organisation = await newOrganisation(30);
    const user = await enrolledUser(organisation.id);
    const token = await trustedSignIn(user);
    const outcome = await submitPassword(context(tick(), { trustedBrowserToken: token }), { email: user.email, password: "wrong password!" });
    expect(outcome).toMatchObject({ state: "refused", error: "INVALID_CREDENTIALS" });
  });

  it("ignores another user's token, an unknown token and a malformed one: the challenge is asked", async () => {
    const organisation = await newOrganisation(30);
    const alice = await enrolledUser(organisation.id, "alice");
    const bob = await enrolledUser(organisation.id, "bob");
    const alicesToken = await trustedSignIn(alice);
    expect((await signInWith(bob, alicesToken)).state).toBe("challenge");
    expect((await signInWith(alice, randomToken(32))).state).toBe("challenge");
    expect((await signInWith(alice, "not a token")).state).toBe("challenge");
    expect((await signInWith(alice, alicesToken)).state).toBe("complete");
  });

  it("ignores a record of another organisation, even for the same user id", async () => {
    const organisation = await newOrganisation(30);
    const elsewhere = await newOrganisation(30);
    const user = await enrolledUser(organisation.id);
    const token = randomToken(32);
    const now = tick();
    await test.db.trustedDevice.create({
      data: {
        organisationId: elsewhere.id,
        userId: user.id,
        tokenHash: sha256(token),
        ip: "x",
        createdAt: now,
        lastUsedAt: now,
        expiresAt: new Date(now.getTime() + DAY),
      },
    });
    expect((await signInWith(user, token)).state).toBe("challenge");
  });

  it("ignores an expired one", async () => {
    const organisation = await newOrganisation(7);
    const user = await enrolledUser(organisation.id);
    const trustedAt = tick();
    const token = await trustedSignIn(user, { now: trustedAt });
    expect((await signInWith(user, token, new Date(trustedAt.getTime() + 7 * DAY - 60_000))).state).toBe("complete");
    expect((await signInWith(user, token, new Date(trustedAt.getTime() + 7 * DAY + 60_000))).state).toBe("challenge");
    clock = trustedAt.getTime() + 8 * DAY;
  });

  it("honours the current days: lowered from 30 to 7, a browser trusted 8 days ago is asked again; 6 days ago is not", async () => {
    const organisation = await newOrganisation(30);
    const user = await enrolledUser(organisation.id);
    const trustedAt = tick();
    const token = await trustedSignIn(user, { now: trustedAt });
    const admin = { id: "admin", email: "admin@tb.test" };
    await setTrustedBrowserDays(test.db, { organisationId: organisation.id, days: 7, actor: admin, ip: "x", now: tick() });
    expect((await signInWith(user, token, new Date(trustedAt.getTime() + 6 * DAY))).state).toBe("complete");
    expect((await signInWith(user, token, new Date(trustedAt.getTime() + 8 * DAY))).state).toBe("challenge");
    expect(await devicesOf(user.id)).toHaveLength(1); // kept: raising it again honours it again
    clock = trustedAt.getTime() + 9 * DAY;
  });

  it("does nothing while the setting is off, even for a record still there", async () => {
    const organisation = await newOrganisation(30);
    const user = await enrolledUser(organisation.id);
    const token = await trustedSignIn(user);
    await test.db.organisation.update({ where: { id: organisation.id }, data: { trustedBrowserDays: 0 } });
    expect((await signInWith(user, token)).state).toBe("challenge");
  });

  it("never skips the setup wizard of a Required user", async () => {
    const organisation = await newOrganisation(30);
    const user = await enrolledUser(organisation.id);
    const token = await trustedSignIn(user);
    // As if the enrolment were cleared without forgetting (the admin reset forgets it; this checks the rule alone).
    await test.db.user.update({ where: { id: user.id }, data: { twoFactorStatus: "REQUIRED", totpSecret: null } });
    expect((await signInWith(user, token)).state).toBe("setup");
  });

  it("never skips the Access List", async () => {
    const organisation = await newOrganisation(30);
    const user = await enrolledUser(organisation.id);
    const token = await trustedSignIn(user);
    await test.db.accessListEntry.create({ data: { organisationId: organisation.id, cidr: "198.51.100.0/24", description: "Office" } });
    await test.db.organisation.update({ where: { id: organisation.id }, data: { accessListEnabled: true, accessListVersion: { increment: 1 } } });
    expect(await signInWith(user, token)).toMatchObject({ state: "refused", error: "ACCESS_DENIED" });
    expect((await signInWith(user, token, tick(), { ip: "198.51.100.7" })).state).toBe("complete");
  });

  it("does not lift a 2FA lock", async () => {
    const organisation = await newOrganisation(30);
    const user = await enrolledUser(organisation.id);
    const token = await trustedSignIn(user);
    await test.db.user.update({ where: { id: user.id }, data: { twoFactorFailures: 10 } });
    expect((await signInWith(user, token)).state).toBe("challenge");
  });
});

describe("trust belongs to the enrolment it was given under", () => {
  it("a browser trusted with the old phone while a temporary access code waited is asked for the code once the owner re-enrols", async () => {
    const organisation = await newOrganisation(30);
    const admin = await test.db.user.create({
      data: {
        organisationId: organisation.id,
        email: `admin-${crypto.randomBytes(4).toString("hex")}@tb.test`,
        name: "Admin",
        role: "ADMIN",
        passwordHash,
      },
      select: { id: true, email: true },
    });
    const alice = await enrolledUser(organisation.id, "alice");
    const issued = await issueTemporaryAccessCode({
      db: test.db,
      keyring,
      organisationId: organisation.id,
      userId: alice.id,
      hours: 8,
      actor: admin,
      confirmation: { method: "password", password: PASSWORD },
      ip: "203.0.113.1",
      now: tick(),
    });
    if (!issued.ok) throw new Error(issued.reason);
    // Whoever holds the old phone and the password trusts a browser before the owner uses the code.
    const thiefToken = await trustedSignIn(alice);

    // The owner uses the code and enrols a new authenticator.
    const now = tick();
    const first = await submitPassword(context(now), { email: alice.email, password: PASSWORD });
    const used = await submitSecondFactor(context(now), { session: claimsOf(first), method: "temporary-code", code: issued.code });
    expect(used.state).toBe("setup");
    await beginSetup({ db: test.db, keyring, userId: alice.id });
    const row = await test.db.user.findUniqueOrThrow({ where: { id: alice.id }, select: { totpPendingSecret: true } });
    const secret = openTotpSecret(keyring, row.totpPendingSecret!, alice.id);
    const enrolled = await submitSetup(context(now), { session: claimsOf(used), code: codeForStep(secret, timeStep(now)) });
    expect(enrolled.state).toBe("complete");

    expect((await signInWith(alice, thiefToken)).state).toBe("challenge");
  });

  it("a change of authenticator in Settings ends the trust given under the old one", async () => {
    const organisation = await newOrganisation(30);
    const alice = await enrolledUser(organisation.id, "alice");
    const token = await trustedSignIn(alice);
    expect((await signInWith(alice, token)).state).toBe("complete");

    await beginEnrolment({ db: test.db, keyring, userId: alice.id, email: alice.email });
    const row = await test.db.user.findUniqueOrThrow({ where: { id: alice.id }, select: { totpPendingSecret: true } });
    const secret = openTotpSecret(keyring, row.totpPendingSecret!, alice.id);
    const now = tick();
    expect(await confirmEnrolment({ db: test.db, keyring, userId: alice.id, code: codeForStep(secret, timeStep(now)), ip: "x", now })).toEqual({
      ok: true,
    });

    expect((await signInWith(alice, token)).state).toBe("challenge");
    expect(await listTrustedBrowsers(test.db, { userId: alice.id, organisationId: organisation.id, currentToken: token, now: tick() })).toEqual([]);
    expect(await devicesOf(alice.id)).toEqual([]);
    expect((await eventsOf(alice.id, "trusted_browser.forgotten")).map(detailOf)).toContainEqual({ count: 1, reason: "authenticator-changed" });
  });
});

describe("listing", () => {
  it("lists the user's own, honoured ones, with the browser's name and the earlier expiry; marks this browser", async () => {
    const organisation = await newOrganisation(30);
    const user = await enrolledUser(organisation.id);
    const other = await enrolledUser(organisation.id);
    const trustedAt = tick();
    const token = await trustedSignIn(user, { now: trustedAt });
    await trustedSignIn(user);
    await trustedSignIn(other);
    await test.db.organisation.update({ where: { id: organisation.id }, data: { trustedBrowserDays: 7 } });
    const rows = await listTrustedBrowsers(test.db, { userId: user.id, organisationId: organisation.id, currentToken: token, now: tick() });
    expect(rows).toHaveLength(2);
    expect(rows.filter((row) => row.current)).toHaveLength(1);
    expect(rows.find((row) => row.current)).toMatchObject({
      browser: "Chrome on Linux",
      ip: "203.0.113.9",
      expiresAt: new Date(trustedAt.getTime() + 7 * DAY),
    });
    expect(rows[0]).not.toHaveProperty("tokenHash");
  });
});

describe("every way it is forgotten", () => {
  async function trustedUser(days = 30) {
    const organisation = await newOrganisation(days);
    const user = await enrolledUser(organisation.id);
    const token = await trustedSignIn(user);
    return { organisation, user, token };
  }
  const forgottenReasons = async (userId: string) => (await eventsOf(userId, "trusted_browser.forgotten")).map(detailOf);

  it("Forget in settings: only the caller's own row; another's id is refused like an unknown one", async () => {
    const { user, token } = await trustedUser();
    const intruder = await enrolledUser(user.organisationId);
    const device = (await devicesOf(user.id))[0]!;
    expect(await forgetTrustedBrowser(test.db, { caller: intruder, id: device.id, ip: "x", now: tick() })).toBe(false);
    expect(await forgetTrustedBrowser(test.db, { caller: user, id: "nope", ip: "x", now: tick() })).toBe(false);
    expect(await forgetTrustedBrowser(test.db, { caller: user, id: device.id, ip: "x", now: tick() })).toBe(true);
    expect(await devicesOf(user.id)).toHaveLength(0);
    expect(await forgottenReasons(user.id)).toEqual([{ count: 1, reason: "user" }]);
    expect((await signInWith(user, token)).state).toBe("challenge");
  });

  it("Forget all in settings", async () => {
    const { user, token } = await trustedUser();
    await trustedSignIn(user);
    expect(await forgetAllTrustedBrowsers(test.db, { caller: user, ip: "x", now: tick() })).toBe(2);
    expect(await forgottenReasons(user.id)).toEqual([{ count: 2, reason: "user" }]);
    expect((await signInWith(user, token)).state).toBe("challenge");
  });

  it("an admin forgets all of a user's, in their own organisation only", async () => {
    const { organisation, user, token } = await trustedUser();
    const admin = { id: "admin-x", email: "admin@tb.test" };
    const foreign = await newOrganisation(30);
    expect(await forgetTrustedBrowsersByAdmin(test.db, { organisationId: foreign.id, userId: user.id, actor: admin, ip: "x", now: tick() })).toEqual({
      ok: false,
    });
    expect(await devicesOf(user.id)).toHaveLength(1);
    expect(
      await forgetTrustedBrowsersByAdmin(test.db, { organisationId: organisation.id, userId: user.id, actor: admin, ip: "x", now: tick() }),
    ).toMatchObject({ ok: true, forgotten: 1 });
    expect(await forgottenReasons(user.id)).toEqual([{ count: 1, reason: "admin" }]);
    expect((await signInWith(user, token)).state).toBe("challenge");
  });

  it.each(["disable", "reset"] as const)("%s 2FA forgets them all, audited with the reason", async (action) => {
    const { organisation, user } = await trustedUser();
    const admin = { id: "admin-y", email: "admin@tb.test" };
    const result = await applyBulkAction({
      db: test.db,
      organisationId: organisation.id,
      action,
      target: { kind: "ids", ids: [user.id] },
      actor: admin,
      ip: "x",
      now: tick(),
    });
    expect(result).toMatchObject({ ok: true, affected: 1 });
    expect(await devicesOf(user.id)).toHaveLength(0);
    expect(await forgottenReasons(user.id)).toEqual([{ count: 1, reason: action === "disable" ? "two-factor-disabled" : "two-factor-reset" }]);
  });

  it("a password change forgets them all", async () => {
    const { user } = await trustedUser();
    const now = tick();
    const session = await createSession({ db: test.db, user, stage: "COMPLETE", ip: "x", userAgent: null, now });
    const result = await changePassword({
      db: test.db,
      keyring,
      user: { id: user.id, sessionId: session.id },
      currentPassword: PASSWORD,
      newPassword: "another long passphrase here",
      code: { method: "totp", value: codeForStep(user.secret, timeStep(now)) },
      ip: "x",
      now,
    });
    expect(result).toMatchObject({ ok: true });
    expect(await devicesOf(user.id)).toHaveLength(0);
    expect(await forgottenReasons(user.id)).toEqual([{ count: 1, reason: "password-changed" }]);
  });

  it("a password reset forgets them all", async () => {
    const { user } = await trustedUser();
    const now = tick();
    await requestPasswordReset({ db: test.db, keyring, email: user.email, ip: "10.9.8.7", now });
    const row = (await test.db.outboxEmail.findMany({ where: { recipient: user.email, template: "password-reset" } })).at(-1)!;
    const token = open(keyring, (JSON.parse(row.data) as StoredEmailData).sealedToken!, tokenContext(row.id)).toString();
    expect(await resetPassword({ db: test.db, token, password: "another long passphrase here", ip: "x", now: tick(60_000) })).toMatchObject({
      ok: true,
    });
    expect(await devicesOf(user.id)).toHaveLength(0);
    expect(await forgottenReasons(user.id)).toEqual([{ count: 1, reason: "password-reset" }]);
  });

  it("turning the setting off forgets every one of the organisation, audited with the count", async () => {
    const { organisation, user, token } = await trustedUser();
    const second = await enrolledUser(organisation.id);
    await trustedSignIn(second);
    const bystander = await trustedUser();
    const admin = { id: "admin-z", email: "admin@tb.test" };
    expect(await setTrustedBrowserDays(test.db, { organisationId: organisation.id, days: 0, actor: admin, ip: "x", now: tick() })).toEqual({
      changed: true,
      forgotten: 2,
    });
    expect(await test.db.trustedDevice.count({ where: { organisationId: organisation.id } })).toBe(0);
    expect(await devicesOf(bystander.user.id)).toHaveLength(1);
    const [changed] = await test.db.auditEvent.findMany({
      where: { organisationId: organisation.id, type: "organisation.trusted_browsers_changed" },
    });
    expect(detailOf(changed!)).toEqual({ days: 0, forgotten: 2 });
    expect(await forgottenReasons(user.id)).toEqual([{ count: 1, reason: "setting-off" }]);
    // Saving the same value again changes nothing and audits nothing.
    expect(await setTrustedBrowserDays(test.db, { organisationId: organisation.id, days: 0, actor: admin, ip: "x", now: tick() })).toEqual({
      changed: false,
      forgotten: 0,
    });
    await test.db.organisation.update({ where: { id: organisation.id }, data: { trustedBrowserDays: 30 } });
    expect((await signInWith(user, token)).state).toBe("challenge");
  });

  it("the periodic job deletes expired ones and keeps the others", async () => {
    const { user } = await trustedUser(7);
    const fresh = await trustedUser(30);
    const sweep = await runSessionMaintenance({ db: test.db, now: new Date(clock + 8 * DAY) });
    expect(sweep.trustedBrowsersExpired).toBeGreaterThanOrEqual(1);
    expect(await devicesOf(user.id)).toHaveLength(0);
    expect(await devicesOf(fresh.user.id)).toHaveLength(1);
  });
});

describe("changes and their audit events commit together", () => {
  it("forgetting, the admin's forgetting and the setting roll back when their audit cannot be written", async () => {
    const organisation = await newOrganisation(30);
    const user = await enrolledUser(organisation.id);
    await trustedSignIn(user);
    const device = (await devicesOf(user.id))[0]!;
    const admin = { id: "admin-audit", email: "admin@tb.test" };
    await expectFailureWithAuditRefused(test.db, () => forgetTrustedBrowser(test.db, { caller: user, id: device.id, ip: "x", now: tick() }));
    await expectFailureWithAuditRefused(test.db, () =>
      forgetTrustedBrowsersByAdmin(test.db, { organisationId: organisation.id, userId: user.id, actor: admin, ip: "x", now: tick() }),
    );
    await expectFailureWithAuditRefused(test.db, () =>
      setTrustedBrowserDays(test.db, { organisationId: organisation.id, days: 0, actor: admin, ip: "x", now: tick() }),
    );
    expect(await devicesOf(user.id)).toHaveLength(1);
    expect((await test.db.organisation.findUniqueOrThrow({ where: { id: organisation.id } })).trustedBrowserDays).toBe(30);
  });
});
