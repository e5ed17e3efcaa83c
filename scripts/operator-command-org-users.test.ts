// The org and users operator commands, run in-process as the e2e kit runs them, on a real database.
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db";
import { verifyPassword } from "@/lib/auth/password";
import { accountKey, reservePasswordAttempt } from "@/lib/auth/password-throttle";
import { createSession, readSession } from "@/lib/auth/sessions";
import { reserveTwoFactorAttempt } from "@/lib/two-factor/lockout";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { textSink } from "@/lib/testing/text-sink";
import { EXIT, runOperatorCommand } from "./operator-command";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());

const now = new Date("2030-06-01T00:00:00Z");
const PASSWORD = "a-long-enough-password";
const operator = { user: "ops", host: "bastion-1" };
const operatorDetail = { operatorUser: "ops", operatorHost: "bastion-1" };

/** Runs one command as the e2e kit does: in-process, stdin a stream (not a terminal), output captured. */
async function run(argv: string[], stdin = "") {
  let out = "";
  let err = "";
  const code = await runOperatorCommand({
    argv,
    stdin: Readable.from(stdin ? [stdin] : []),
    stdout: textSink((text) => (out += text)),
    stderr: textSink((text) => (err += text)),
    openDb: () => createDb(test.url),
    operator: () => operator,
    now: () => now,
  });
  return { code, out, err };
}

const audits = (organisationId: string, type: string) =>
  test.db.auditEvent.findMany({ where: { organisationId, type }, orderBy: { createdAt: "asc" } });
const detail = (event: { detail: string | null } | undefined) => JSON.parse(event!.detail!) as Record<string, unknown>;
const userByEmail = (email: string) => test.db.user.findUnique({ where: { email } });

describe("org create", () => {
  it("creates the organisation with the defaults and its first admin, password from stdin; --json is one line", async () => {
    const result = await run(
      ["org", "create", "--slug", "qa-1", "--name", "QA One", "--admin-email", "Boss@QA-1.test", "--json"],
      `${PASSWORD}\nignored\n`,
    );
    expect(result).toMatchObject({ code: EXIT.ok, err: "" });
    expect(result.out.endsWith("\n")).toBe(true);
    expect(result.out.trim().split("\n")).toHaveLength(1);
    const json = JSON.parse(result.out);
    expect(json).toEqual({
      organisation: { id: expect.any(String), slug: "qa-1", name: "QA One" },
      admin: { id: expect.any(String), email: "boss@qa-1.test" },
    });

    const organisation = await test.db.organisation.findUniqueOrThrow({ where: { id: json.organisation.id } });
    expect(organisation).toMatchObject({ loginMethod: "STANDARD", requireTwoFactor: false, twoFactorGraceDays: 0, accessListEnabled: false });
    const admin = await userByEmail("boss@qa-1.test");
    expect(admin).toMatchObject({ id: json.admin.id, role: "ADMIN", name: "boss", twoFactorStatus: "OFF", organisationId: organisation.id });
    expect(await verifyPassword(admin!.passwordHash, PASSWORD)).toBe(true);

    const [created] = await audits(organisation.id, "organisation.created");
    expect(created).toMatchObject({ actorId: null, ip: null });
    expect(detail(created)).toEqual({ slug: "qa-1", name: "QA One", ...operatorDetail });
    const [userCreated] = await audits(organisation.id, "user.created");
    expect(userCreated).toMatchObject({ targetEmail: "boss@qa-1.test", actorId: null });
    expect(detail(userCreated)).toEqual({ role: "ADMIN", ...operatorDetail });
    // The password is nowhere in the audit.
    expect(JSON.stringify(await test.db.auditEvent.findMany({ where: { organisationId: organisation.id } }))).not.toContain(PASSWORD);
  });

  it("refuses a taken slug or admin email, changing nothing", async () => {
    await run(["org", "create", "--slug", "qa-2", "--name", "QA Two", "--admin-email", "a@qa-2.test"], PASSWORD);
    const slug = await run(["org", "create", "--slug", "qa-2", "--name", "Again", "--admin-email", "b@qa-2.test"], PASSWORD);
    expect(slug).toMatchObject({ code: EXIT.notDone, err: 'An organisation with the slug "qa-2" already exists. Nothing was changed.\n' });
    const email = await run(["org", "create", "--slug", "qa-3", "--name", "QA Three", "--admin-email", "a@qa-2.test"], PASSWORD);
    expect(email).toMatchObject({ code: EXIT.notDone, err: "A user with this email address already exists. Nothing was changed.\n" });
    expect(await test.db.organisation.count({ where: { slug: "qa-3" } })).toBe(0);
    expect(await userByEmail("b@qa-2.test")).toBeNull();
  });

  it.each([
    ["", "Give the password on the first line of stdin"],
    ["short\n", "needs at least 8 characters"],
    [`${"x".repeat(129)}\n`, "at most 128 characters"],
    ["password123\n", "one of the most commonly used passwords"],
  ])("takes the password only from stdin, under the product's rule (%j)", async (stdin, message) => {
    const result = await run(["org", "create", "--slug", "qa-pw", "--name", "PW", "--admin-email", "a@qa-pw.test"], stdin);
    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toContain(message);
    expect(await test.db.organisation.count({ where: { slug: "qa-pw" } })).toBe(0);
  });

  it("has no way to put a password on the command line", async () => {
    for (const argv of [
      ["org", "create", "--slug", "qa-x", "--name", "X", "--admin-email", "a@qa-x.test", "--password", PASSWORD],
      ["users", "create", "--org", "qa-x", "--email", "a@qa-x.test", `--password=${PASSWORD}`],
    ]) {
      const result = await run(argv, PASSWORD);
      expect(result.code).toBe(EXIT.usage);
      expect(result.err).toContain("Unknown option '--password'.");
    }
  });

  it.each([
    [["org", "create", "--name", "X", "--admin-email", "a@x.test"], "Give the new organisation's slug with --slug."],
    [["org", "create", "--slug", "Not OK", "--name", "X", "--admin-email", "a@x.test"], "Use lowercase letters, digits and inner hyphens"],
    [["org", "create", "--slug", "ok", "--admin-email", "a@x.test"], 'Give the organisation\'s name with --name "<name>".'],
    [["org", "create", "--slug", "ok", "--name", "X"], "Give the email address with --admin-email."],
    [["org", "create", "--slug", "ok", "--name", "X", "--admin-email", "nope"], "Enter a valid email address."],
    [["org", "create", "--slug", "ok", "--name", "X", "--admin-email", "a@x.test", "--org", "y"], "--org is not an option of org create."],
  ])("refuses %j with a sentence and the usage, exit 2", async (argv, message) => {
    const result = await run(argv, PASSWORD);
    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toContain(message);
    expect(result.err).toContain("Usage:");
  });
});

describe("org delete", () => {
  it("without a terminal and without --yes refuses (exit 2) after showing what goes", async () => {
    const { organisation } = await createOrganisationWithUsers(test.db, "del-tty");
    const result = await run(["org", "delete", "--org", "del-tty", "--reason", "QA run over"]);
    expect(result.code).toBe(EXIT.usage);
    expect(result.out).toContain("Delete the organisation del-tty Inc (del-tty) and everything in it:");
    expect(result.out).toContain("2 users (with their backup codes), 0 sessions, 0 entries on the Access List, 0 audit events.");
    expect(result.err).toContain("Not confirmed: there is no terminal to ask on.");
    expect(await test.db.organisation.count({ where: { id: organisation.id } })).toBe(1);
  });

  it("with --yes deletes the organisation with its users, sessions, list, audit and their throttle rows", async () => {
    const { organisation, member } = await createOrganisationWithUsers(test.db, "del-yes");
    await createSession({ db: test.db, user: member, stage: "COMPLETE", ip: "x", userAgent: null, now });
    await test.db.rateLimit.create({ data: { key: accountKey(member.email), count: 3, windowStart: now } });
    await test.db.accessListEntry.create({ data: { organisationId: organisation.id, cidr: "203.0.113.0/24", description: "" } });
    const other = await createOrganisationWithUsers(test.db, "del-other");

    const result = await run(["org", "delete", "--org", "del-yes", "--reason", "QA run over", "--yes"]);
    expect(result).toMatchObject({ code: EXIT.ok, err: "" });
    expect(result.out).toContain("Deleted del-yes Inc (del-yes).");
    expect(await test.db.organisation.count({ where: { id: organisation.id } })).toBe(0);
    expect(await test.db.user.count({ where: { organisationId: organisation.id } })).toBe(0);
    expect(await test.db.session.count({ where: { organisationId: organisation.id } })).toBe(0);
    expect(await test.db.accessListEntry.count({ where: { organisationId: organisation.id } })).toBe(0);
    expect(await test.db.rateLimit.count({ where: { key: accountKey(member.email) } })).toBe(0);
    // Only that organisation.
    expect(await test.db.user.count({ where: { organisationId: other.organisation.id } })).toBe(2);

    const again = await run(["org", "delete", "--org", "del-yes", "--reason", "r", "--yes"]);
    expect(again).toMatchObject({ code: EXIT.notDone, err: 'No organisation with the slug "del-yes". Nothing was changed.\n' });
  });

  it("needs a reason", async () => {
    const result = await run(["org", "delete", "--org", "x", "--yes"]);
    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toContain('Give a reason with --reason "<why>"');
  });
});

describe("org policy and users create", () => {
  it("sets the policy as the admin page does (reaching existing users), and users create follows it", async () => {
    const { organisation, member } = await createOrganisationWithUsers(test.db, "pol");
    const policy = await run([
      "org",
      "policy",
      "--org",
      "pol",
      "--login-method",
      "two-factor",
      "--require-2fa",
      "on",
      "--grace-days",
      "3",
      "--reason",
      "QA policy",
      "--json",
    ]);
    expect(policy.code).toBe(EXIT.ok);
    expect(JSON.parse(policy.out)).toEqual({
      organisation: { id: organisation.id, slug: "pol", loginMethod: "TWO_FACTOR", requireTwoFactor: true, twoFactorGraceDays: 3 },
      usersChanged: 2,
    });
    const graceEnd = new Date(now.getTime() + 3 * 86_400_000);
    expect(await userByEmail(member.email)).toMatchObject({ twoFactorStatus: "REQUIRED", twoFactorByPolicy: true, twoFactorDueAt: graceEnd });
    const [method] = await audits(organisation.id, "organisation.login_method_changed");
    expect(detail(method)).toEqual({ loginMethod: "TWO_FACTOR", reason: "QA policy", ...operatorDetail });
    const [changed] = await audits(organisation.id, "organisation.policy_changed");
    expect(detail(changed)).toEqual({ requireTwoFactor: true, graceDays: 3, usersChanged: 2, reason: "QA policy", ...operatorDetail });

    const created = await run(
      ["users", "create", "--org", "pol", "--email", "new@pol.test", "--name", "New Person", "--role", "admin", "--json"],
      `${PASSWORD}\n`,
    );
    expect(created.code).toBe(EXIT.ok);
    expect(created.out.trim().split("\n")).toHaveLength(1);
    const json = JSON.parse(created.out);
    expect(json).toEqual({
      id: expect.any(String),
      email: "new@pol.test",
      role: "ADMIN",
      twoFactorStatus: "REQUIRED",
      twoFactorDueAt: graceEnd.toISOString(),
    });
    const user = await userByEmail("new@pol.test");
    expect(user).toMatchObject({ id: json.id, name: "New Person", organisationId: organisation.id, twoFactorByPolicy: true });
    expect(await verifyPassword(user!.passwordHash, PASSWORD)).toBe(true);
    const [audit] = (await audits(organisation.id, "user.created")).filter((event) => event.targetEmail === "new@pol.test");
    expect(detail(audit)).toEqual({ role: "ADMIN", ...operatorDetail });

    // Only --grace-days: the requirement stays as it was.
    const grace = await run(["org", "policy", "--org", "pol", "--grace-days", "0", "--reason", "no grace"]);
    expect(grace.code).toBe(EXIT.ok);
    expect(grace.out).toContain("Require 2FA for all users ON, grace period 0 days");
    const plain = await run(["users", "create", "--org", "pol", "--email", "later@pol.test"], PASSWORD);
    expect(plain.out).toContain("Created later@pol.test (member) in pol Inc: 2FA required.");
    expect(await userByEmail("later@pol.test")).toMatchObject({ name: "later", role: "MEMBER", twoFactorDueAt: null });

    const off = await run(["org", "policy", "--org", "pol", "--require-2fa", "off", "--reason", "done"]);
    expect(off.code).toBe(EXIT.ok);
    const offMember = await run(["users", "create", "--org", "pol", "--email", "off@pol.test", "--json"], PASSWORD);
    expect(JSON.parse(offMember.out)).toMatchObject({ role: "MEMBER", twoFactorStatus: "OFF", twoFactorDueAt: null });
  });

  it.each([
    [["org", "policy", "--org", "pol", "--reason", "r"], "Say what to change: --login-method, --require-2fa and/or --grace-days."],
    [["org", "policy", "--org", "pol", "--require-2fa", "yes", "--reason", "r"], "Give --require-2fa as on or off."],
    [["org", "policy", "--org", "pol", "--login-method", "sms", "--reason", "r"], "Give --login-method as two-factor or standard."],
    [["org", "policy", "--org", "pol", "--grace-days", "91", "--reason", "r"], "at most 90 days"],
    [["org", "policy", "--org", "pol", "--grace-days", "-1", "--reason", "r"], "Give --grace-days as a whole number of days, 0 to 90."],
    [["org", "policy", "--org", "pol", "--require-2fa", "on"], 'Give a reason with --reason "<why>"'],
    [["users", "create", "--org", "pol", "--email", "x@pol.test", "--role", "owner"], "Give --role as member or admin."],
    [["users", "create", "--org", "pol"], "Give the email address with --email."],
  ])("refuses %j (exit 2)", async (argv, message) => {
    const result = await run(argv, PASSWORD);
    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toContain(message);
  });

  it("refuses an unknown organisation or a taken email (exit 1)", async () => {
    const unknown = await run(["users", "create", "--org", "nobody", "--email", "x@nobody.test"], PASSWORD);
    expect(unknown).toMatchObject({ code: EXIT.notDone, err: 'No organisation with the slug "nobody". Nothing was changed.\n' });
    const policy = await run(["org", "policy", "--org", "nobody", "--require-2fa", "on", "--reason", "r"]);
    expect(policy.code).toBe(EXIT.notDone);
    const { member } = await createOrganisationWithUsers(test.db, "dup");
    const taken = await run(["users", "create", "--org", "dup", "--email", member.email], PASSWORD);
    expect(taken).toMatchObject({ code: EXIT.notDone, err: "A user with this email address already exists. Nothing was changed.\n" });
  });
});

describe("users delete", () => {
  it("removes the user with their sessions and backup codes, audited with the reason", async () => {
    const { organisation, member } = await createOrganisationWithUsers(test.db, "rm");
    const session = await createSession({ db: test.db, user: member, stage: "COMPLETE", ip: "x", userAgent: null, now });
    await test.db.backupCode.create({ data: { userId: member.id, codeHash: "h", active: true } });

    const refused = await run(["users", "delete", "--org", "rm", "--email", member.email, "--reason", "leaver"]);
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.out).toContain(`Remove member of rm <${member.email}> (member) from rm Inc (rm).`);
    expect(await userByEmail(member.email)).not.toBeNull();

    const result = await run(["users", "delete", "--org", "rm", "--email", member.email, "--reason", "leaver", "--yes"]);
    expect(result).toMatchObject({ code: EXIT.ok, err: "" });
    expect(await userByEmail(member.email)).toBeNull();
    expect(await readSession(test.db, session.id)).toBeNull();
    expect(await test.db.backupCode.count({ where: { userId: member.id } })).toBe(0);
    const [event] = await audits(organisation.id, "user.removed");
    expect(event).toMatchObject({ targetId: member.id, targetEmail: member.email, actorId: null });
    expect(detail(event)).toEqual({ name: member.name, role: "MEMBER", reason: "leaver", ...operatorDetail });
  });

  it("refuses the organisation's last admin, a user of another organisation, and an unknown one", async () => {
    const { admin } = await createOrganisationWithUsers(test.db, "rm-last");
    const other = await createOrganisationWithUsers(test.db, "rm-other");
    const last = await run(["users", "delete", "--org", "rm-last", "--email", admin.email, "--reason", "r", "--yes"]);
    expect(last).toMatchObject({ code: EXIT.notDone });
    expect(last.err).toContain("is the last admin of rm-last Inc");
    expect(await userByEmail(admin.email)).not.toBeNull();

    const foreign = await run(["users", "delete", "--org", "rm-last", "--email", other.member.email, "--reason", "r", "--yes"]);
    expect(foreign).toMatchObject({ code: EXIT.notDone, err: `No user ${other.member.email} in the organisation "rm-last". Nothing was changed.\n` });
    expect(await userByEmail(other.member.email)).not.toBeNull();

    const unknown = await run(["users", "delete", "--org", "nowhere", "--email", admin.email, "--reason", "r", "--yes"]);
    expect(unknown.err).toBe('No organisation with the slug "nowhere". Nothing was changed.\n');
  });
});

describe("users grace", () => {
  async function requiredUser(slug: string, dueAt: Date | null) {
    const { organisation, member } = await createOrganisationWithUsers(test.db, slug);
    await test.db.user.update({ where: { id: member.id }, data: { twoFactorStatus: "REQUIRED", twoFactorDueAt: dueAt } });
    return { organisation, member };
  }

  it.each([
    ["+30m", new Date(now.getTime() + 30 * 60_000)],
    ["+2h", new Date(now.getTime() + 2 * 3_600_000)],
    ["+3d", new Date(now.getTime() + 3 * 86_400_000)],
    ["now", now],
    ["-1m", new Date(now.getTime() - 60_000)],
    ["2030-07-01T08:00:00+02:00", new Date("2030-07-01T06:00:00Z")],
  ])("moves a Required user's deadline to %s, audited with from and to", async (until, expected) => {
    const slug = `grace-${until.replace(/[^a-z0-9]/gi, "").toLowerCase()}`;
    const before = new Date(now.getTime() + 86_400_000);
    const { organisation, member } = await requiredUser(slug, before);
    const result = await run(["users", "grace", "--org", slug, "--email", member.email, "--until", until, "--reason", "QA clock", "--json"]);
    expect(result).toMatchObject({ code: EXIT.ok, err: "" });
    expect(JSON.parse(result.out)).toEqual({
      id: member.id,
      email: member.email,
      twoFactorStatus: "REQUIRED",
      twoFactorDueAt: expected.toISOString(),
    });
    expect((await userByEmail(member.email))!.twoFactorDueAt).toEqual(expected);
    const [event] = await audits(organisation.id, "two_factor.grace_moved_by_operator");
    expect(event).toMatchObject({ targetId: member.id, actorId: null });
    expect(detail(event)).toEqual({ from: before.toISOString(), to: expected.toISOString(), reason: "QA clock", ...operatorDetail });
  });

  it("says when the grace period is over", async () => {
    const { member } = await requiredUser("grace-over", null);
    const result = await run(["users", "grace", "--org", "grace-over", "--email", member.email, "--until", "-1m", "--reason", "r"]);
    expect(result.out).toContain("(over: their next request goes to the 2FA setup)");
  });

  it("refuses a user who is not Required-and-not-enrolled", async () => {
    const { organisation, member, admin } = await createOrganisationWithUsers(test.db, "grace-no");
    await test.db.user.update({ where: { id: admin.id }, data: { twoFactorStatus: "ACTIVE", totpSecret: "sealed" } });
    for (const email of [member.email, admin.email]) {
      const result = await run(["users", "grace", "--org", "grace-no", "--email", email, "--until", "+1d", "--reason", "r"]);
      expect(result.code).toBe(EXIT.notDone);
      expect(result.err).toContain("has no grace period to move");
    }
    expect(await audits(organisation.id, "two_factor.grace_moved_by_operator")).toEqual([]);
  });

  it.each([
    ["tomorrow", '"tomorrow" is not a deadline'],
    ["2030-07-01", "is not a deadline"],
    ["2030-07-01T08:00:00", "is not a deadline"],
    ["+400d", "Keep --until within 366 days of now."],
  ])("refuses --until %s (exit 2)", async (until, message) => {
    const result = await run(["users", "grace", "--org", "x", "--email", "a@x.test", "--until", until, "--reason", "r"]);
    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toContain(message);
  });
});

describe("users expire-lock", () => {
  it("ends the 2FA lock and the password backoff as if their time had passed; the user can try again, counters kept", async () => {
    const { organisation, member } = await createOrganisationWithUsers(test.db, "lock");
    const lockedUntil = new Date(now.getTime() + 15 * 60_000);
    await test.db.user.update({ where: { id: member.id }, data: { twoFactorFailures: 5, twoFactorLockedUntil: lockedUntil } });
    const passwordLockedUntil = new Date(now.getTime() + 30_000);
    await test.db.rateLimit.create({ data: { key: accountKey(member.email), count: 5, windowStart: now, lockedUntil: passwordLockedUntil } });
    expect(await reserveTwoFactorAttempt({ db: test.db, userId: member.id, now })).toMatchObject({ ok: false });
    expect(await reservePasswordAttempt({ db: test.db, email: member.email, ip: "198.51.100.1", now })).toMatchObject({ allowed: false });

    const result = await run(["users", "expire-lock", "--org", "lock", "--email", member.email, "--reason", "QA clock", "--json"]);
    expect(result).toMatchObject({ code: EXIT.ok, err: "" });
    expect(JSON.parse(result.out)).toEqual({ id: member.id, email: member.email, expired: { twoFactor: true, password: true } });
    const [event] = await audits(organisation.id, "user.locks_expired_by_operator");
    expect(detail(event)).toEqual({
      twoFactorLockedUntil: lockedUntil.toISOString(),
      twoFactorFailures: 5,
      passwordLockedUntil: passwordLockedUntil.toISOString(),
      reason: "QA clock",
      ...operatorDetail,
    });

    // Able to try again; the kept counters make the next failure lock for longer (30 minutes), as waiting would.
    const attempt = await reserveTwoFactorAttempt({ db: test.db, userId: member.id, now });
    expect(attempt).toMatchObject({
      ok: true,
      reservation: { after: { twoFactorFailures: 6, twoFactorLockedUntil: new Date(now.getTime() + 30 * 60_000) } },
    });
    expect(await reservePasswordAttempt({ db: test.db, email: member.email, ip: "198.51.100.1", now })).toMatchObject({ allowed: true });
    expect((await test.db.rateLimit.findUniqueOrThrow({ where: { key: accountKey(member.email) } })).count).toBe(6);
  });

  it("with no lock says so and audits nothing; refuses the lock after 10 failures", async () => {
    const { organisation, member, admin } = await createOrganisationWithUsers(test.db, "lock-none");
    const none = await run(["users", "expire-lock", "--org", "lock-none", "--email", member.email, "--reason", "r"]);
    expect(none).toMatchObject({ code: EXIT.ok, out: `${member.email} had no lock to end. Nothing changed.\n` });
    await test.db.user.update({
      where: { id: admin.id },
      data: { twoFactorFailures: 10, twoFactorLockedUntil: new Date(now.getTime() + 3_600_000) },
    });
    const hard = await run(["users", "expire-lock", "--org", "lock-none", "--email", admin.email, "--reason", "r"]);
    expect(hard.code).toBe(EXIT.notDone);
    expect(hard.err).toContain("An admin's Unlock ends it. Nothing was changed.");
    expect(await audits(organisation.id, "user.locks_expired_by_operator")).toEqual([]);
  });
});
