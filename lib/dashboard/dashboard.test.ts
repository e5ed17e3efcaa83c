import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit, type AuditType } from "@/lib/audit";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { HARD_LOCK_THRESHOLD } from "@/lib/two-factor/lock-thresholds";
import { loadSecurityStatus } from "./security-status";
import { loadSignInActivity } from "./sign-in-activity";
import { loadTwoFactorCoverage } from "./two-factor-coverage";

let test: TestDatabase;
let org: Awaited<ReturnType<typeof createOrganisationWithUsers>>;
let other: Awaited<ReturnType<typeof createOrganisationWithUsers>>;
const now = new Date("2030-03-31T15:00:00Z");
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  test = await createTestDatabase();
  org = await createOrganisationWithUsers(test.db, "dash");
  other = await createOrganisationWithUsers(test.db, "elsewhere");
});
afterAll(() => test.dispose());

let made = 0;
const user = (data: Partial<Prisma.UserUncheckedCreateInput> = {}, organisationId = org.organisation.id) =>
  test.db.user.create({
    data: { organisationId, email: `user${++made}@dash.test`, name: `User ${made}`, passwordHash: "x", ...data },
    select: { id: true, email: true, name: true },
  });

describe("loadTwoFactorCoverage", () => {
  it("counts Off, Required, Active and Locked as the admin table does, and lists the next 5 grace deadlines", async () => {
    // The organisation's admin and member are Off.
    const required = [];
    for (const days of [6, 2, 9, 4, 1, 7])
      required.push(await user({ twoFactorStatus: "REQUIRED", twoFactorDueAt: new Date(now.getTime() + days * DAY) }));
    await user({ twoFactorStatus: "REQUIRED", twoFactorDueAt: new Date(now.getTime() - DAY) }); // past its deadline: Required, not upcoming
    await user({ twoFactorStatus: "REQUIRED" }); // no deadline
    await user({ twoFactorStatus: "ACTIVE" });
    await user({ twoFactorStatus: "ACTIVE", twoFactorLockedUntil: new Date(now.getTime() + HOUR) }); // locked for a while
    await user({ twoFactorStatus: "ACTIVE", twoFactorLockedUntil: new Date(now.getTime() - HOUR) }); // lock over: Active
    await user({ twoFactorStatus: "ACTIVE", twoFactorFailures: HARD_LOCK_THRESHOLD }); // locked until an admin unlocks
    await user({ twoFactorStatus: "REQUIRED", twoFactorDueAt: new Date(now.getTime() + 3 * DAY), twoFactorFailures: HARD_LOCK_THRESHOLD }); // Locked
    await user({ twoFactorStatus: "REQUIRED", twoFactorDueAt: new Date(now.getTime() + DAY / 2) }, other.organisation.id); // another organisation

    const coverage = await loadTwoFactorCoverage({ db: test.db, organisationId: org.organisation.id, now });
    expect(coverage.counts).toEqual({ off: 2, required: 8, active: 2, locked: 3 });
    expect(coverage.total).toBe(15);
    expect(coverage.upcomingDeadlines.map((due) => due.name)).toEqual([
      required[4]!.name,
      required[1]!.name,
      required[3]!.name,
      required[0]!.name,
      required[5]!.name,
    ]);
    expect(coverage.upcomingDeadlines[0]).toEqual({ ...required[4], dueAt: new Date(now.getTime() + DAY).toISOString() });
  });
});

describe("loadSignInActivity", () => {
  it("gives 30 UTC days up to today, zeros included, with sign-ins and failed attempts of this organisation only", async () => {
    const target = { id: org.member.id, email: org.member.email };
    const event = (type: AuditType, at: Date, organisationId = org.organisation.id) =>
      recordAudit(test.db, { organisationId, type, target, actor: target, at });
    const today = new Date("2030-03-31T00:00:00Z");
    await event("login.succeeded", new Date(today.getTime() + HOUR));
    await event("login.succeeded", new Date(today.getTime() + 14 * HOUR));
    await event("login.succeeded", new Date(today.getTime() + 16 * HOUR)); // after now: not counted
    await event("login.failed", new Date(today.getTime() - 1)); // 23:59:59.999 yesterday
    await event("two_factor.failed", new Date(today.getTime() - 29 * DAY)); // the first day shown
    await event("two_factor.locked", new Date(today.getTime() - 29 * DAY + HOUR));
    await event("access_list.sign_in_refused", new Date(today.getTime() - 10 * DAY));
    await event("two_factor.replayed", new Date(today.getTime() - 10 * DAY));
    await event("login.succeeded", new Date(today.getTime() - 30 * DAY + HOUR)); // 31 days ago: outside
    await event("login.password_accepted", new Date(today.getTime() - 2 * DAY)); // neither a sign-in nor a failure
    await event("logout", new Date(today.getTime() - 2 * DAY));
    await event("login.succeeded", new Date(today.getTime() + HOUR), other.organisation.id);

    const days = await loadSignInActivity({ db: test.db, organisationId: org.organisation.id, now });
    expect(days).toHaveLength(30);
    expect(days[0]).toEqual({ day: "2030-03-02", signIns: 0, failures: 2 });
    expect(days.at(-1)).toEqual({ day: "2030-03-31", signIns: 2, failures: 0 });
    expect(days.at(-2)).toEqual({ day: "2030-03-30", signIns: 0, failures: 1 });
    expect(days.find((day) => day.day === "2030-03-21")).toEqual({ day: "2030-03-21", signIns: 0, failures: 2 });
    expect(days.reduce((sum, day) => sum + day.signIns + day.failures, 0)).toBe(7);
    expect(new Set(days.map((day) => day.day)).size).toBe(30);
  });
});

describe("loadSecurityStatus", () => {
  it("shows the authenticator app, backup codes left of 10 and the last 5 sign-ins, newest first", async () => {
    const person = await user({ twoFactorStatus: "ACTIVE", totpSecret: "k1:secret" });
    const organisationId = org.organisation.id;
    const load = () => loadSecurityStatus({ db: test.db, userId: person.id, organisationId, now });
    await test.db.backupCode.createMany({
      data: [
        ...Array.from({ length: 7 }, (_, i) => ({ userId: person.id, codeHash: `a${i}`, active: true })),
        { userId: person.id, codeHash: "used", active: true, usedAt: now },
        { userId: person.id, codeHash: "pending", active: false },
      ],
    });
    for (let i = 1; i <= 7; i++) {
      await recordAudit(test.db, {
        organisationId,
        type: "login.succeeded",
        actor: person,
        target: person,
        ip: `192.0.2.${i}`,
        at: new Date(now.getTime() - i * DAY),
      });
    }
    await recordAudit(test.db, { organisationId, type: "login.failed", target: person, ip: "198.51.100.1", at: now });
    await recordAudit(test.db, { organisationId, type: "login.succeeded", actor: org.member, target: org.member, ip: "198.51.100.2", at: now });

    const status = await load();
    expect(status).toMatchObject({ status: "active", authenticatorApp: true, backupCodesLeft: 7, backupCodesTotal: 10 });
    expect(status.recentSignIns).toEqual([1, 2, 3, 4, 5].map((i) => ({ at: new Date(now.getTime() - i * DAY).toISOString(), ip: `192.0.2.${i}` })));

    await test.db.user.update({ where: { id: person.id }, data: { twoFactorStatus: "OFF", totpSecret: null } });
    expect(await load()).toMatchObject({ status: "off", authenticatorApp: false, backupCodesLeft: 0 });
  });
});
