import { expect, test } from "./kit/fixtures";
import { uniqueToken } from "./kit/accounts";

// Issue 14 §6: Admin > Login and 2FA exports the users table, with its current search and
// filters (every matching user, not just the page), as CSV.
test.use({ orgPolicy: { loginMethod: "two-factor", requireTwoFactor: true } });

test("Export CSV downloads the users matching the search and the 2FA status filter, with sessions", async ({
  adminPage,
  org,
  members,
  newPage,
  db,
}) => {
  const token = uniqueToken();
  const enrolled = await members.create({ name: `Enrolled ${token}` });
  const required = await members.create({ name: `Required ${token}` });
  // Enrolled signs in (the wizard) and stays signed in: one active session.
  await newPage({ as: enrolled });

  await adminPage.goto(token);
  await expect(adminPage.row(required.name)).toContainText("Required");
  // The table shows the session count too.
  await expect(adminPage.row(enrolled.name)).toContainText(/Active.*1$/);
  await adminPage.filterBy("2FA status", ["Active"]);
  await expect(adminPage.row(required.name)).toHaveCount(0);

  const lines = await adminPage.exportCsv();
  expect(lines[0]).toBe("name,email,role,2FA status,method,enrolled at,last login,trusted browsers,active sessions");
  expect(lines).toHaveLength(2);
  const [name, email, role, status, method, enrolledAt, lastLogin, browsers, sessions] = lines[1]!.split(",");
  expect([name, email, role, status, method, browsers, sessions]).toEqual([
    enrolled.name,
    enrolled.email,
    "Member",
    "Active",
    "Authenticator app",
    "0",
    "1",
  ]);
  for (const time of [enrolledAt, lastLogin]) expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  expect(lines.join("\n")).not.toContain(required.email);

  // Without the status filter: both (by email).
  await adminPage.filterBy("2FA status", []);
  const both = await adminPage.exportCsv();
  expect(both.slice(1).map((line) => line.split(",")[1])).toEqual([enrolled.email, required.email].sort());
  expect(both.find((line) => line.includes(required.email))).toContain(",Required,,,,0,0");

  const audited = await db.auditEvent.findMany({ where: { actorEmail: org.admin.email, type: "users.exported" }, orderBy: { createdAt: "asc" } });
  expect(audited.map((event) => JSON.parse(event.detail!) as unknown)).toEqual([{ rows: 1 }, { rows: 2 }]);
});

test("the export refuses a filter it cannot read with a reason, and anyone but an admin", async ({ adminPage, member, newPage }) => {
  const bad = await adminPage.page.request.get("/admin/login-and-2fa/export?status=active,sleeping");
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toContain('Unknown 2FA status "sleeping"');
  const ok = await adminPage.page.request.get("/admin/login-and-2fa/export?status=active");
  expect(ok.status()).toBe(200);
  expect(ok.headers()["cache-control"]).toContain("no-store");
  expect(ok.headers()["content-disposition"]).toMatch(/^attachment; filename="twofold-users-\d{4}-\d{2}-\d{2}\.csv"$/);

  const memberPage = await newPage({ as: member });
  const refused = await memberPage.request.get("/admin/login-and-2fa/export", { maxRedirects: 0 });
  expect(refused.status()).toBe(403);
});
