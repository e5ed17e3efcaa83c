import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { loginMethodImpact, setLoginMethod } from "./set-login-method";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());

describe("changing the login method", () => {
  it("counts whom it reaches (2FA set up, 2FA required), in this organisation only", async () => {
    const acme = await createOrganisationWithUsers(test.db, "impact");
    const other = await createOrganisationWithUsers(test.db, "impact-other");
    await test.db.user.update({ where: { id: acme.admin.id }, data: { twoFactorStatus: "ACTIVE" } });
    await test.db.user.update({ where: { id: acme.member.id }, data: { twoFactorStatus: "REQUIRED" } });
    await test.db.user.updateMany({ where: { organisationId: other.organisation.id }, data: { twoFactorStatus: "ACTIVE" } });
    expect(await loginMethodImpact({ db: test.db, organisationId: acme.organisation.id })).toEqual({ active: 1, required: 1 });
    await test.db.user.update({ where: { id: acme.member.id }, data: { twoFactorStatus: "OFF" } });
    expect(await loginMethodImpact({ db: test.db, organisationId: acme.organisation.id })).toEqual({ active: 1, required: 0 });
  });

  it("saves the method and audits who changed it, keeping every user's 2FA as it was", async () => {
    const acme = await createOrganisationWithUsers(test.db, "switch");
    await test.db.user.update({ where: { id: acme.member.id }, data: { twoFactorStatus: "ACTIVE" } });
    const now = new Date("2030-01-01T10:00:00Z");
    await setLoginMethod({ db: test.db, organisationId: acme.organisation.id, loginMethod: "STANDARD", actor: acme.admin, ip: "192.0.2.1", now });
    expect((await test.db.organisation.findUniqueOrThrow({ where: { id: acme.organisation.id } })).loginMethod).toBe("STANDARD");
    expect((await test.db.user.findUniqueOrThrow({ where: { id: acme.member.id } })).twoFactorStatus).toBe("ACTIVE");
    const event = await test.db.auditEvent.findFirstOrThrow({
      where: { organisationId: acme.organisation.id, type: "organisation.login_method_changed" },
    });
    expect(event).toMatchObject({ actorId: acme.admin.id, ip: "192.0.2.1" });
    expect(JSON.parse(event.detail!)).toMatchObject({ loginMethod: "STANDARD" });
  });
});
