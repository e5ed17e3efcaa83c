import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { hashPassword } from "./password";
import { keyringFromEnv } from "@/lib/crypto";
import { submitPassword } from "./login-flow";

let test: TestDatabase;
const PASSWORD = "correct-horse-battery-staple";
const OFFICE = "198.51.100.20";
const OUTSIDE = "192.0.2.77";
let acmeId: string;

beforeAll(async () => {
  test = await createTestDatabase();
  const acme = await test.db.organisation.create({
    data: { slug: "acme", name: "Acme Corp", loginMethod: "TWO_FACTOR", accessListEnabled: true, accessListVersion: 1 },
  });
  acmeId = acme.id;
  await test.db.accessListEntry.create({ data: { organisationId: acme.id, cidr: `${OFFICE}/32`, description: "Office" } });
  const passwordHash = await hashPassword(PASSWORD);
  await test.db.user.create({ data: { organisationId: acme.id, email: "alice@acme.test", name: "Alice", passwordHash } });
  await test.db.user.create({ data: { organisationId: acme.id, email: "eve@acme.test", name: "Eve", passwordHash, twoFactorStatus: "ACTIVE" } });
});
afterAll(() => test.dispose());

let clock = new Date("2030-04-01T09:00:00Z").getTime();
const signIn = (email: string, password: string, ip: string) =>
  submitPassword({ db: test.db, keyring, ip, userAgent: "test", now: new Date((clock += 1000)) }, { email, password });
const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString("base64")}` });

describe("the password step with an Access List on (no account oracle)", () => {
  it("answers a known and an unknown email the same from outside the list, without a password", async () => {
    expect(await signIn("alice@acme.test", "wrong-password", OUTSIDE)).toMatchObject({ state: "refused", error: "INVALID_CREDENTIALS" });
    expect(await signIn("nobody@acme.test", "wrong-password", OUTSIDE)).toMatchObject({ state: "refused", error: "INVALID_CREDENTIALS" });
    expect(await test.db.auditEvent.count({ where: { type: "access_list.sign_in_refused" } })).toBe(0);
  });

  it("tells only someone who knew the password that the list refuses them, and starts no session", async () => {
    expect(await signIn("alice@acme.test", PASSWORD, OUTSIDE)).toMatchObject({ state: "refused", error: "ACCESS_DENIED" });
    expect(await test.db.session.count({ where: { user: { email: "alice@acme.test" } } })).toBe(0);
    expect(await test.db.auditEvent.count({ where: { type: "access_list.sign_in_refused", ip: OUTSIDE } })).toBe(1);
  });

  it("audits at most ten refusals per address in 15 minutes", async () => {
    const ip = "192.0.2.78";
    for (let i = 0; i < 14; i++) expect(await signIn("alice@acme.test", PASSWORD, ip)).toMatchObject({ state: "refused", error: "ACCESS_DENIED" });
    expect(await test.db.auditEvent.count({ where: { type: "access_list.sign_in_refused", ip } })).toBe(10);
  });

  it("starts a session record from inside the list: complete, or at its second-factor step with the password audited", async () => {
    const alice = await signIn("alice@acme.test", PASSWORD, OFFICE);
    expect(alice).toMatchObject({ state: "complete" });
    const eve = await signIn("eve@acme.test", PASSWORD, OFFICE);
    expect(eve).toMatchObject({ state: "challenge" });
    if (eve.state === "refused") throw new Error("unreachable");
    expect(await test.db.session.findUniqueOrThrow({ where: { id: eve.claims.sid } })).toMatchObject({
      organisationId: acmeId,
      stage: "SECOND_FACTOR",
      ip: OFFICE,
      userAgent: "test",
      revokedAt: null,
    });
    expect(await test.db.auditEvent.count({ where: { type: "login.password_accepted", targetEmail: "eve@acme.test", ip: OFFICE } })).toBe(1);
    expect(await test.db.auditEvent.count({ where: { type: "login.succeeded", targetEmail: "eve@acme.test" } })).toBe(0);
  });
});

describe("the password step while the organisation's login method is Standard", () => {
  it("completes an enrolled user's login with the password alone, and audits it as a success", async () => {
    const standard = await test.db.organisation.create({ data: { slug: "standard", name: "Standard Ltd" } });
    const passwordHash = await hashPassword(PASSWORD);
    await test.db.user.create({
      data: { organisationId: standard.id, email: "sam@standard.test", name: "Sam", passwordHash, twoFactorStatus: "ACTIVE" },
    });
    await test.db.user.create({
      data: { organisationId: standard.id, email: "rey@standard.test", name: "Rey", passwordHash, twoFactorStatus: "REQUIRED" },
    });
    expect(await signIn("sam@standard.test", PASSWORD, OUTSIDE)).toMatchObject({ state: "complete" });
    expect(await signIn("rey@standard.test", PASSWORD, OUTSIDE)).toMatchObject({ state: "complete" });
    expect(await test.db.auditEvent.count({ where: { type: "login.succeeded", organisationId: standard.id } })).toBe(2);
  });
});
