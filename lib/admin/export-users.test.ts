import { NO_METHODS, twoFactorMethodsLabel } from "@/lib/two-factor/methods";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from "@/lib/auth/sessions";
import { userExportParamsSchema, userTableParamsSchema } from "@/lib/validations/admin";
import { exportUsers, userCsvRow, USERS_CSV_HEADER, type ExportedUser } from "./export-users";
import { listUsers } from "./list-users";
import { userActivity } from "./user-activity";

// The users table's CSV export and the per-user counts it shares with the table (issue 14 §4, §6).
let test: TestDatabase;
const now = new Date("2030-07-01T12:00:00Z");
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());

const base: ExportedUser = {
  name: "Alice Liddell",
  email: "alice@acme.test",
  role: "MEMBER",
  twoFactorStatus: "OFF",
  twoFactorFailures: 0,
  twoFactorLockedUntil: null,
  twoFactorEnrolledAt: null,
  lastLoginAt: null,
  trustedBrowsers: 0,
  activeSessions: 0,
  methods: NO_METHODS,
};
const APP = { app: true, passkeys: 0 };

describe("a row of the export", () => {
  it("has the columns of the issue, in order", () => {
    expect(USERS_CSV_HEADER).toEqual([
      "name",
      "email",
      "role",
      "2FA status",
      "method",
      "enrolled at",
      "last login",
      "trusted browsers",
      "active sessions",
    ]);
  });

  it("an enrolled user: Active, Authenticator app, times in ISO 8601 UTC, the counts", () => {
    const row = userCsvRow(
      {
        ...base,
        role: "ADMIN",
        twoFactorStatus: "ACTIVE",
        twoFactorEnrolledAt: new Date("2030-06-01T08:30:00Z"),
        lastLoginAt: new Date("2030-06-30T17:05:09.123Z"),
        trustedBrowsers: 2,
        activeSessions: 3,
        methods: APP,
      },
      now,
    );
    expect(row).toBe("Alice Liddell,alice@acme.test,Admin,Active,Authenticator app,2030-06-01T08:30:00.000Z,2030-06-30T17:05:09.123Z,2,3\r\n");
  });

  it("Off and Required: no method, no enrolment; never logged in: empty", () => {
    expect(userCsvRow(base, now)).toBe("Alice Liddell,alice@acme.test,Member,Off,,,,0,0\r\n");
    expect(userCsvRow({ ...base, twoFactorStatus: "REQUIRED" }, now)).toBe("Alice Liddell,alice@acme.test,Member,Required,,,,0,0\r\n");
  });

  it("Locked as the table shows it (a lock in force), still with the method it has", () => {
    const locked = {
      ...base,
      methods: APP,
      twoFactorStatus: "ACTIVE" as const,
      twoFactorEnrolledAt: now,
      twoFactorFailures: 5,
      twoFactorLockedUntil: minutes(15),
    };
    expect(userCsvRow(locked, now)).toContain(",Locked,Authenticator app,");
    expect(userCsvRow({ ...locked, twoFactorLockedUntil: minutes(-1) }, now)).toContain(",Active,Authenticator app,");
    expect(userCsvRow({ ...locked, twoFactorFailures: 10, twoFactorLockedUntil: null }, now)).toContain(",Locked,");
  });

  it("cannot carry a spreadsheet formula, a comma or a line break out of its field", () => {
    const row = userCsvRow({ ...base, name: '=HYPERLINK("http://evil.test","x")', email: "@sum@acme.test" }, now);
    expect(row.startsWith(`"'=HYPERLINK(""http://evil.test"",""x"")",'@sum@acme.test,`)).toBe(true);
    expect(userCsvRow({ ...base, name: "Smith, John\nJr" }, now).startsWith('"Smith, John\nJr",')).toBe(true);
  });
});

describe("the export's filters", () => {
  it("reads the table's search and comma-separated filters", () => {
    expect(userExportParamsSchema.parse({ q: " ali ", status: "locked,off", role: "admin" })).toEqual({
      q: "ali",
      status: ["off", "locked"],
      role: ["admin"],
    });
    expect(userExportParamsSchema.parse({})).toEqual({ q: "", status: [], role: [] });
  });

  it("refuses what it cannot read, with a reason (the table would fall back; a file must not)", () => {
    const status = userExportParamsSchema.safeParse({ status: "active,sleeping" });
    expect(status.success).toBe(false);
    expect(status.error?.issues[0]?.message).toBe('Unknown 2FA status "sleeping": use off, required, active, locked.');
    expect(userExportParamsSchema.safeParse({ role: "owner" }).error?.issues[0]?.message).toMatch(/Unknown role "owner"/);
    expect(userExportParamsSchema.safeParse({ q: "x".repeat(101) }).error?.issues[0]?.message).toBe("The search can be at most 100 characters.");
  });
});

/** An organisation with users in every state the export tells apart, and sessions and trusted browsers of each kind. */
async function world(slug: string) {
  const created = await createOrganisationWithUsers(test.db, slug);
  const { organisation, member } = created;
  const admin = await test.db.user.update({ where: { id: created.admin.id }, data: { name: "Admin Person" } });
  const other = await createOrganisationWithUsers(test.db, `${slug}-other`);
  const enrolled = await test.db.user.update({
    where: { id: member.id },
    // An app secret is stored (never opened here): the methods say "Authenticator app".
    data: { twoFactorStatus: "ACTIVE", totpSecret: "sealed", twoFactorEnrolledAt: minutes(-600), lastLoginAt: minutes(-5), name: "Enrolled Member" },
  });
  const required = await test.db.user.create({
    data: {
      organisationId: organisation.id,
      email: `required@${slug}.test`,
      name: "Required Member",
      passwordHash: "x",
      twoFactorStatus: "REQUIRED",
    },
  });
  const session = (userId: string, organisationId: string, data: Record<string, unknown> = {}) =>
    test.db.session.create({
      data: {
        id: crypto.randomUUID(),
        userId,
        organisationId,
        createdAt: minutes(-10),
        lastSeenAt: minutes(-1),
        ip: "203.0.113.1",
        stage: "COMPLETE",
        completedAt: minutes(-10),
        expiresAt: new Date(minutes(-10).getTime() + ABSOLUTE_TIMEOUT_MS),
        ...data,
      },
    });
  // Two live sessions of the enrolled member; one of each kind that does not count.
  await session(enrolled.id, organisation.id);
  await session(enrolled.id, organisation.id, { lastSeenAt: minutes(-29) });
  await session(enrolled.id, organisation.id, { revokedAt: minutes(-2), revokedReason: "signed-out" });
  await session(enrolled.id, organisation.id, { expiresAt: minutes(-1) });
  await session(enrolled.id, organisation.id, { lastSeenAt: new Date(now.getTime() - IDLE_TIMEOUT_MS - 1000) });
  await session(enrolled.id, organisation.id, { stage: "SECOND_FACTOR", completedAt: null, pendingUntil: minutes(4) });
  await session(admin.id, organisation.id);
  await session(other.member.id, other.organisation.id);
  const browser = (userId: string, expiresAt: Date) =>
    test.db.trustedDevice.create({
      data: {
        organisationId: organisation.id,
        userId,
        tokenHash: crypto.randomUUID(),
        ip: "203.0.113.1",
        createdAt: minutes(-60),
        lastUsedAt: minutes(-60),
        expiresAt,
      },
    });
  await browser(enrolled.id, minutes(60 * 24));
  await browser(enrolled.id, minutes(-1));
  return { organisation, admin, enrolled, required, other };
}

describe("active sessions and trusted browsers", () => {
  it("count sessions signed in now (not pending, revoked, expired or idle) and unexpired browsers", async () => {
    const { admin, enrolled, required } = await world("counts");
    const counts = await userActivity(test.db, [admin.id, enrolled.id, required.id], now);
    expect(counts.get(enrolled.id)).toEqual({ activeSessions: 2, trustedBrowsers: 1 });
    expect(counts.get(admin.id)).toEqual({ activeSessions: 1, trustedBrowsers: 0 });
    expect(counts.get(required.id)).toEqual({ activeSessions: 0, trustedBrowsers: 0 });
    expect((await userActivity(test.db, [], now)).size).toBe(0);
    // More users than one statement may bind (an export batch, say): still every count.
    const many = [...Array.from({ length: 1200 }, (_, i) => `no-such-user-${i}`), enrolled.id];
    expect((await userActivity(test.db, many, now)).get(enrolled.id)).toEqual({ activeSessions: 2, trustedBrowsers: 1 });
  });

  it("show on the users table's rows", async () => {
    const { organisation, enrolled, required } = await world("table");
    const page = await listUsers({ db: test.db, organisationId: organisation.id, params: userTableParamsSchema.parse({}), now });
    expect(page.rows.find((row) => row.id === enrolled.id)).toMatchObject({ activeSessions: 2 });
    expect(page.rows.find((row) => row.id === required.id)).toMatchObject({ activeSessions: 0 });
  });
});

describe("the 2FA methods (issue 15)", () => {
  const addPasskey = (user: { id: string; organisationId: string }, n: number) =>
    test.db.webAuthnCredential.create({
      data: {
        userId: user.id,
        organisationId: user.organisationId,
        credentialId: `cred-${user.id}-${n}`,
        publicKey: "pk",
        name: `Key ${n}`,
        createdAt: now,
      },
    });

  it("say App, Passkey, App, Passkey ×2, or nothing, on the table's rows and in the export", async () => {
    const { organisation, admin, enrolled, required } = await world("methods");
    // The admin: passkeys only (two); the enrolled member: app and one passkey; the required member: nothing.
    await test.db.user.update({ where: { id: admin.id }, data: { twoFactorStatus: "ACTIVE", twoFactorEnrolledAt: now } });
    await addPasskey(admin, 1);
    await addPasskey(admin, 2);
    await addPasskey(enrolled, 1);
    const page = await listUsers({ db: test.db, organisationId: organisation.id, params: userTableParamsSchema.parse({}), now });
    const label = (id: string) => twoFactorMethodsLabel(page.rows.find((row) => row.id === id)!.methods);
    expect([label(admin.id), label(enrolled.id), label(required.id)]).toEqual(["Passkey ×2", "App, Passkey", ""]);
    expect(twoFactorMethodsLabel({ app: false, passkeys: 1 })).toBe("Passkey");
    expect(twoFactorMethodsLabel({ app: true, passkeys: 0 })).toBe("App");

    const { csv } = await exportUsers({ db: test.db, admin, filter: { q: "", status: [], role: [] }, ip: "203.0.113.9", now });
    let text = "";
    for await (const chunk of csv) text += chunk;
    expect(text).toContain("Admin Person,admin@methods.test,Admin,Active,Passkey ×2,");
    expect(text).toContain('Enrolled Member,member@methods.test,Member,Active,"Authenticator app, Passkey",');
  });
});

describe("exporting", () => {
  const read = async (csv: AsyncGenerator<string>) => {
    let text = "";
    for await (const chunk of csv) text += chunk;
    return text.split("\r\n").filter(Boolean);
  };

  it("every matching user of the admin's organisation, in batches, audited with the count", async () => {
    const { organisation, admin } = await world("export-all");
    const { rows, csv } = await exportUsers({ db: test.db, admin, filter: { q: "", status: [], role: [] }, ip: "203.0.113.9", now, batchSize: 2 });
    expect(rows).toBe(3);
    expect(await read(csv)).toEqual([
      "name,email,role,2FA status,method,enrolled at,last login,trusted browsers,active sessions",
      "Admin Person,admin@export-all.test,Admin,Off,,,,0,1",
      `Enrolled Member,member@export-all.test,Member,Active,Authenticator app,${minutes(-600).toISOString()},${minutes(-5).toISOString()},1,2`,
      "Required Member,required@export-all.test,Member,Required,,,,0,0",
    ]);
    const events = await test.db.auditEvent.findMany({ where: { organisationId: organisation.id, type: "users.exported" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: admin.id, ip: "203.0.113.9" });
    expect(JSON.parse(events[0]!.detail!)).toEqual({ rows: 3 });
  });

  it("with the table's search and filters", async () => {
    const { admin } = await world("export-filtered");
    const exported = async (filter: { q?: string; status?: ("off" | "required" | "active" | "locked")[]; role?: ("admin" | "member")[] }) =>
      (await read((await exportUsers({ db: test.db, admin, filter: { q: "", status: [], role: [], ...filter }, ip: "x", now })).csv))
        .slice(1)
        .map((line) => line.split(",")[1]);
    expect(await exported({ status: ["active"] })).toEqual(["member@export-filtered.test"]);
    expect(await exported({ status: ["off", "required"], role: ["member"] })).toEqual(["required@export-filtered.test"]);
    expect(await exported({ q: "REQUIRED@" })).toEqual(["required@export-filtered.test"]);
    expect(await exported({ role: ["admin"] })).toEqual(["admin@export-filtered.test"]);
    expect(await exported({ q: "nobody" })).toEqual([]);
  });
});
