// Invitations (issue 13): Add user invites; the link is single use, hashed, 7 days; resend and
// revoke; no cross-tenant oracle; accepting signs in under the usual rules. Real database, no mocks.
import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { keyringFromEnv, open, sha256 } from "@/lib/crypto";
import { verifyPassword } from "@/lib/auth/password";
import { submitInvitation, submitPassword, type LoginContext } from "@/lib/auth/login-flow";
import { tokenContext, type StoredEmailData } from "@/lib/mail/outbox";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { expectFailureWithAuditRefused } from "@/lib/testing/refuse-audit-writes";
import { addUser } from "./add-user";
import { acceptInvitation, findInvitation, INVITATION_LIFETIME_MS, resendInvitation, revokeInvitation } from "./invitations";
import { listUsers } from "./list-users";
import { setTwoFactorPolicy } from "./two-factor-policy";

const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });
const now = new Date("2030-08-01T09:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);
const PASSWORD = "a sentence nobody else would pick";

let test: TestDatabase;
let n = 0;
let acme: Awaited<ReturnType<typeof createOrganisationWithUsers>>;
let globex: Awaited<ReturnType<typeof createOrganisationWithUsers>>;

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());
beforeEach(async () => {
  n++;
  acme = await createOrganisationWithUsers(test.db, `acme${n}`);
  globex = await createOrganisationWithUsers(test.db, `globex${n}`);
});

const adminOf = (org: typeof acme) => ({ id: org.admin.id, email: org.admin.email });

/** Add user by `org`'s admin. */
function invite(org: typeof acme, email: string, options: { name?: string; role?: "ADMIN" | "MEMBER"; at?: Date } = {}) {
  return addUser({
    db: test.db,
    keyring,
    organisationId: org.organisation.id,
    input: { name: options.name ?? "Ivy Invited", email, role: options.role ?? "MEMBER" },
    actor: adminOf(org),
    ip: "198.51.100.4",
    now: options.at ?? now,
  });
}

/** The emails queued to `to`, oldest first, with the one-time token opened as the sender would. */
async function emailsTo(to: string) {
  const rows = await test.db.outboxEmail.findMany({ where: { recipient: to }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => {
    const stored = JSON.parse(row.data) as StoredEmailData;
    const token = stored.sealedToken ? open(keyring, stored.sealedToken, tokenContext(row.id)).toString() : null;
    return { row, data: stored.data as Record<string, unknown>, recipientName: stored.recipientName, token };
  });
}

async function tokenFor(email: string): Promise<string> {
  const token = (await emailsTo(email)).at(-1)?.token;
  if (!token) throw new Error(`no invitation email to ${email}`);
  return token;
}

const accept = (token: string, password = PASSWORD, at = later(60_000)) =>
  acceptInvitation({ db: test.db, token, password, ip: "203.0.113.8", now: at });

describe("Add user: an invitation", () => {
  it("creates an INVITED user without a password, the invitation (hash only, 7 days) and its email, audited", async () => {
    const email = `ivy${n}@example.test`;
    expect(await invite(acme, email, { role: "ADMIN" })).toEqual({ ok: true, email });

    const user = await test.db.user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({
      organisationId: acme.organisation.id,
      accountStatus: "INVITED",
      passwordHash: "",
      role: "ADMIN",
      twoFactorStatus: "OFF",
    });
    const invitation = await test.db.invitation.findUniqueOrThrow({ where: { userId: user.id } });
    expect(invitation).toMatchObject({
      organisationId: acme.organisation.id,
      invitedById: acme.admin.id,
      sentCount: 1,
      expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS),
    });

    const [mail, ...more] = await emailsTo(email);
    expect(more).toHaveLength(0);
    expect(mail!.row).toMatchObject({ template: "invitation", organisationId: acme.organisation.id, status: "QUEUED" });
    expect(mail!.data).toEqual({ invitedBy: acme.admin.name, expiresAt: invitation.expiresAt.toISOString() });
    expect(mail!.recipientName).toBe("Ivy Invited");
    // A 256-bit token whose SHA-256 is all the database keeps: the row and the outbox never hold it in clear.
    expect(mail!.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(invitation.tokenHash).toBe(sha256(mail!.token!));
    expect(JSON.stringify([invitation, mail!.row])).not.toContain(mail!.token!);

    const audit = await test.db.auditEvent.findFirstOrThrow({ where: { organisationId: acme.organisation.id, type: "user.invited" } });
    expect(audit).toMatchObject({ actorId: acme.admin.id, targetId: user.id, targetEmail: email, ip: "198.51.100.4" });
  });

  it("follows the organisation's 2FA policy, like any new user", async () => {
    await setTwoFactorPolicy({
      db: test.db,
      organisationId: acme.organisation.id,
      requireTwoFactor: true,
      graceDays: 0,
      actor: adminOf(acme),
      ip: "x",
      now,
    });
    const email = `policy${n}@example.test`;
    await invite(acme, email);
    expect(await test.db.user.findUniqueOrThrow({ where: { email } })).toMatchObject({ twoFactorStatus: "REQUIRED", twoFactorByPolicy: true });
  });

  it("writes the user, the invitation and the email in one transaction: with the audit refused, none of them", async () => {
    const email = `nothing${n}@example.test`;
    await expectFailureWithAuditRefused(test.db, () => invite(acme, email));
    expect(await test.db.user.count({ where: { email } })).toBe(0);
    expect(await test.db.invitation.count({ where: { organisationId: acme.organisation.id } })).toBe(0);
    expect(await test.db.outboxEmail.count({ where: { recipient: email } })).toBe(0);
  });

  it("answers an address of the admin's own organisation with a clear duplicate message, creating nothing", async () => {
    const before = await test.db.outboxEmail.count();
    expect(await invite(acme, acme.member.email)).toEqual({ ok: false, field: "email", message: "A user with this email address already exists." });
    expect(await test.db.outboxEmail.count()).toBe(before);
    expect(await test.db.invitation.count({ where: { organisationId: acme.organisation.id } })).toBe(0);
  });

  it("gives no cross-tenant oracle: an address of another organisation gets the same answer, nothing is created, its owner is told", async () => {
    const auditsBefore = await test.db.auditEvent.count({ where: { organisationId: globex.organisation.id } });
    const usersBefore = await test.db.user.count({ where: { organisationId: globex.organisation.id } });

    const taken = await invite(globex, acme.member.email, { name: "Someone" });
    const fresh = await invite(globex, `fresh${n}@example.test`, { name: "Someone" });
    // The same shape and words: only the address differs, as the admin typed it.
    expect(taken).toEqual({ ok: true, email: acme.member.email });
    expect(Object.keys(taken)).toEqual(Object.keys(fresh));

    // Nothing in the inviting organisation for the taken address: no user, no invitation, no audit event.
    expect(await test.db.user.count({ where: { organisationId: globex.organisation.id } })).toBe(usersBefore + 1);
    expect(await test.db.user.findUniqueOrThrow({ where: { email: acme.member.email } })).toMatchObject({
      organisationId: acme.organisation.id,
      accountStatus: "ACTIVE",
      name: acme.member.name,
    });
    expect(await test.db.invitation.count({ where: { user: { email: acme.member.email } } })).toBe(0);
    const globexAudits = await test.db.auditEvent.findMany({ where: { organisationId: globex.organisation.id } });
    expect(globexAudits).toHaveLength(auditsBefore + 1);
    expect(globexAudits.some((event) => event.targetEmail === acme.member.email)).toBe(false);

    // The owner is told, in their own organisation's name, who tried; no link, no token.
    const [mail, ...more] = await emailsTo(acme.member.email);
    expect(more).toHaveLength(0);
    expect(mail!.row).toMatchObject({ template: "invitation-existing-account", organisationId: acme.organisation.id });
    expect(mail!.data).toEqual({ invitingOrganisation: globex.organisation.name });
    expect(mail!.recipientName).toBe(acme.member.name);
    expect(mail!.token).toBeNull();
  });
});

describe("accepting an invitation", () => {
  it("sets the password, makes the user ACTIVE, deletes the invitation and audits it; the link then is dead", async () => {
    const email = `accept${n}@example.test`;
    await invite(acme, email);
    const token = await tokenFor(email);
    expect(await findInvitation({ db: test.db, token, now })).toEqual({
      email,
      name: "Ivy Invited",
      organisationName: acme.organisation.name,
      expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS),
    });

    const accepted = await accept(token);
    expect(accepted).toMatchObject({ ok: true, user: { email, organisationId: acme.organisation.id } });
    const user = await test.db.user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({ accountStatus: "ACTIVE", passwordChangedAt: later(60_000) });
    expect(await verifyPassword(user.passwordHash, PASSWORD)).toBe(true);
    expect(await test.db.invitation.count({ where: { userId: user.id } })).toBe(0);
    expect(await test.db.auditEvent.count({ where: { type: "user.invitation_accepted", targetId: user.id, ip: "203.0.113.8" } })).toBe(1);

    expect(await findInvitation({ db: test.db, token, now })).toBeNull();
    expect(await accept(token, "another long passphrase")).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyPassword((await test.db.user.findUniqueOrThrow({ where: { email } })).passwordHash, PASSWORD)).toBe(true);
  });

  it("is single use under concurrency: of parallel accepts with the same link exactly one wins", async () => {
    const email = `race${n}@example.test`;
    await invite(acme, email);
    const token = await tokenFor(email);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => accept(token, `parallel passphrase number ${i}`)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual(Array(5).fill({ ok: false, reason: "invalid" }));
    expect(await test.db.auditEvent.count({ where: { type: "user.invitation_accepted", targetEmail: email } })).toBe(1);
  });

  it("refuses an expired link, and an unknown or oversized token, without touching the account", async () => {
    const email = `late${n}@example.test`;
    await invite(acme, email);
    const token = await tokenFor(email);
    const expired = new Date(now.getTime() + INVITATION_LIFETIME_MS);
    expect(await findInvitation({ db: test.db, token, now: expired })).toBeNull();
    expect(await accept(token, PASSWORD, expired)).toEqual({ ok: false, reason: "invalid" });
    expect(await accept("not-a-token")).toEqual({ ok: false, reason: "invalid" });
    expect(await accept("x".repeat(10_000))).toEqual({ ok: false, reason: "invalid" });
    expect(await accept("")).toEqual({ ok: false, reason: "invalid" });
    expect(await test.db.user.findUniqueOrThrow({ where: { email } })).toMatchObject({ accountStatus: "INVITED", passwordHash: "" });
    // One second before the end it still works.
    expect(await accept(token, PASSWORD, new Date(expired.getTime() - 1000))).toMatchObject({ ok: true });
  });

  it("applies the password rules (common passwords, the email's local part) and keeps the link usable", async () => {
    const email = `rules${n}@example.test`;
    await invite(acme, email);
    const token = await tokenFor(email);
    expect(await accept(token, "password123")).toEqual({
      ok: false,
      reason: "password",
      message: "That is one of the most commonly used passwords, which attackers try first. Choose another.",
    });
    expect(await accept(token, `my ${email.split("@")[0]} password`)).toMatchObject({ ok: false, reason: "password" });
    expect(await accept(token, "short")).toMatchObject({ ok: false, reason: "password" });
    expect(await accept(token)).toMatchObject({ ok: true });
  });
});

describe("resend and revoke", () => {
  it("resend issues a new link (the old one dies), resets the 7 days, counts the send, mails and audits it", async () => {
    const email = `resend${n}@example.test`;
    await invite(acme, email);
    const user = await test.db.user.findUniqueOrThrow({ where: { email } });
    const oldToken = await tokenFor(email);
    const resentAt = later(3 * 24 * 60 * 60 * 1000);
    const resent = await resendInvitation({
      db: test.db,
      keyring,
      organisationId: acme.organisation.id,
      userId: user.id,
      actor: adminOf(acme),
      ip: "198.51.100.4",
      now: resentAt,
    });
    expect(resent).toEqual({ ok: true, email });

    const newToken = await tokenFor(email);
    expect(newToken).not.toBe(oldToken);
    expect(await test.db.invitation.findUniqueOrThrow({ where: { userId: user.id } })).toMatchObject({
      tokenHash: sha256(newToken),
      sentCount: 2,
      expiresAt: new Date(resentAt.getTime() + INVITATION_LIFETIME_MS),
    });
    expect((await emailsTo(email)).map((mail) => mail.row.template)).toEqual(["invitation", "invitation"]);
    expect(await test.db.auditEvent.count({ where: { type: "user.invitation_resent", targetId: user.id, actorId: acme.admin.id } })).toBe(1);

    expect(await findInvitation({ db: test.db, token: oldToken, now: resentAt })).toBeNull();
    expect(await accept(oldToken, PASSWORD, resentAt)).toEqual({ ok: false, reason: "invalid" });
    // Past the first link's 7 days, the new one still works.
    expect(await accept(newToken, PASSWORD, later(8 * 24 * 60 * 60 * 1000))).toMatchObject({ ok: true });
  });

  it("revoke deletes the invited user and their link, audited", async () => {
    const email = `revoke${n}@example.test`;
    await invite(acme, email);
    const user = await test.db.user.findUniqueOrThrow({ where: { email } });
    const token = await tokenFor(email);
    const revoked = await revokeInvitation({
      db: test.db,
      organisationId: acme.organisation.id,
      userId: user.id,
      actor: adminOf(acme),
      ip: "198.51.100.4",
      now,
    });
    expect(revoked).toEqual({ ok: true, email });
    expect(await test.db.user.count({ where: { email } })).toBe(0);
    expect(await test.db.invitation.count({ where: { userId: user.id } })).toBe(0);
    expect(await accept(token)).toEqual({ ok: false, reason: "invalid" });
    const audit = await test.db.auditEvent.findFirstOrThrow({ where: { type: "user.invitation_revoked", targetId: user.id } });
    expect(audit).toMatchObject({ actorId: acme.admin.id, targetEmail: email });
    expect(JSON.parse(audit.detail!)).toEqual({ name: "Ivy Invited", role: "MEMBER" });
  });

  it("acts only on an invited user of the admin's own organisation", async () => {
    const email = `scoped${n}@example.test`;
    await invite(acme, email);
    const invited = await test.db.user.findUniqueOrThrow({ where: { email } });
    const other = { db: test.db, organisationId: globex.organisation.id, actor: adminOf(globex), ip: "x", now };
    expect(await resendInvitation({ ...other, keyring, userId: invited.id })).toEqual({ ok: false, reason: "not-invited" });
    expect(await revokeInvitation({ ...other, userId: invited.id })).toEqual({ ok: false, reason: "not-invited" });
    // An active user is not "revoked" (that is Remove user, stepped up).
    const own = { db: test.db, organisationId: acme.organisation.id, actor: adminOf(acme), ip: "x", now };
    expect(await revokeInvitation({ ...own, userId: acme.member.id })).toEqual({ ok: false, reason: "not-invited" });
    expect(await resendInvitation({ ...own, keyring, userId: acme.member.id })).toEqual({ ok: false, reason: "not-invited" });
    expect(await test.db.user.count({ where: { id: { in: [invited.id, acme.member.id] } } })).toBe(2);
    expect(await test.db.invitation.findUniqueOrThrow({ where: { userId: invited.id } })).toMatchObject({ sentCount: 1 });
  });
});

describe("the users table", () => {
  it("shows who is invited and until when, and never the token's hash", async () => {
    const email = `table${n}@example.test`;
    await invite(acme, email, { name: "Table Ivy" });
    const page = await listUsers({
      db: test.db,
      organisationId: acme.organisation.id,
      params: { q: "Table Ivy", status: [], role: [], sort: "name", dir: "asc" },
      now,
    });
    expect(page.rows).toEqual([
      expect.objectContaining({
        email,
        accountStatus: "INVITED",
        invitation: { expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS).toISOString(), expired: false },
      }),
    ]);
    const tokenHash = (await test.db.invitation.findFirstOrThrow({ where: { user: { email } } })).tokenHash;
    expect(JSON.stringify(page)).not.toContain(tokenHash);
    const afterExpiry = await listUsers({
      db: test.db,
      organisationId: acme.organisation.id,
      params: { q: "Table Ivy", status: [], role: [], sort: "name", dir: "asc" },
      now: later(INVITATION_LIFETIME_MS),
    });
    expect(afterExpiry.rows[0]!.invitation).toMatchObject({ expired: true });
    const members = await listUsers({
      db: test.db,
      organisationId: acme.organisation.id,
      params: { q: acme.member.email, status: [], role: [], sort: "name", dir: "asc" },
      now,
    });
    expect(members.rows[0]).toMatchObject({ accountStatus: "ACTIVE", invitation: null });
  });
});

describe("signing in", () => {
  const context = (at: Date): LoginContext => ({ db: test.db, keyring, ip: "203.0.113.8", userAgent: "vitest", now: at });

  it("an invited user cannot sign in with any password until they accept", async () => {
    const email = `nologin${n}@example.test`;
    await invite(acme, email);
    for (const password of ["", PASSWORD, "anything else"]) {
      expect(await submitPassword(context(now), { email, password })).toEqual({ state: "refused", error: "INVALID_CREDENTIALS" });
    }
  });

  it("accepting signs straight in: the setup wizard when 2FA is required, else complete", async () => {
    await setTwoFactorPolicy({
      db: test.db,
      organisationId: acme.organisation.id,
      requireTwoFactor: true,
      graceDays: 0,
      actor: adminOf(acme),
      ip: "x",
      now,
    });
    const required = `wizard${n}@example.test`;
    const plain = `plain${n}@example.test`;
    await invite(acme, required);
    await invite(globex, plain);

    const toWizard = await submitInvitation(context(later(1000)), { token: await tokenFor(required), password: PASSWORD });
    expect(toWizard).toMatchObject({ state: "setup", claims: { uid: expect.any(String), sid: expect.any(String) } });
    const wizardSession = await test.db.session.findUniqueOrThrow({ where: { id: (toWizard as { claims: { sid: string } }).claims.sid } });
    expect(wizardSession).toMatchObject({ stage: "SECOND_FACTOR", ip: "203.0.113.8" });

    const complete = await submitInvitation(context(later(1000)), { token: await tokenFor(plain), password: PASSWORD });
    expect(complete).toMatchObject({ state: "complete" });
    expect(await test.db.user.findUniqueOrThrow({ where: { email: plain } })).toMatchObject({ lastLoginAt: later(1000) });
    expect(await test.db.auditEvent.count({ where: { type: "login.succeeded", targetEmail: plain } })).toBe(1);

    // The link was used: a second submit is refused and starts no session.
    const sessions = await test.db.session.count();
    expect(await submitInvitation(context(later(2000)), { token: await tokenFor(plain), password: PASSWORD })).toEqual({
      state: "refused",
      error: "INVITATION_INVALID",
    });
    expect(await test.db.session.count()).toBe(sessions);
    // From now on the chosen password signs in like any other.
    expect(await submitPassword(context(later(3000)), { email: plain, password: PASSWORD })).toMatchObject({ state: "complete" });
  });
});
