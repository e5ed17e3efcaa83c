import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { changeAccessList, disableAccessListAsOperator, loadAccessList } from "./manage-access-list";

let test: TestDatabase;
const now = new Date("2030-02-02T02:02:02Z");
const ADMIN_IP = "198.51.100.10";

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());

async function setup(slug: string) {
  const { organisation, admin, member } = await createOrganisationWithUsers(test.db, slug);
  const change = (change: Parameters<typeof changeAccessList>[0]["change"], ip = ADMIN_IP) =>
    changeAccessList({ db: test.db, organisationId: organisation.id, change, actor: admin, ip, now });
  return { organisation, admin, member, change };
}

describe("managing the Access List", () => {
  it("stores entries canonically and refuses duplicates and invalid ones with a field message", async () => {
    const { organisation, change } = await setup("canon");
    expect(await change({ kind: "add", cidr: "10.1.2.3/8", description: "Office" })).toEqual({ ok: true });
    expect(await change({ kind: "add", cidr: "10.0.0.0/8", description: "again" })).toMatchObject({ ok: false, field: "cidr", message: "10.0.0.0/8 is already on the Access List." });
    expect(await change({ kind: "add", cidr: "::ffff:10.9.9.9/104", description: "mapped" })).toMatchObject({ ok: false, field: "cidr" });
    expect(await change({ kind: "add", cidr: "1.2.3", description: "" })).toMatchObject({ ok: false, field: "cidr" });
    const list = await loadAccessList(test.db, organisation.id);
    expect(list.entries.map((e) => e.cidr)).toEqual(["10.0.0.0/8"]);
  });

  it("refuses to switch on, edit or remove its way to blocking the admin's own address", async () => {
    const { organisation, change } = await setup("guard");
    await change({ kind: "add", cidr: "203.0.113.0/24", description: "Office" });
    expect(await change({ kind: "switch", enabled: true })).toMatchObject({ ok: false, message: expect.stringContaining(ADMIN_IP) });
    await change({ kind: "add", cidr: ADMIN_IP, description: "Me" });
    expect(await change({ kind: "switch", enabled: true })).toEqual({ ok: true });
    const mine = (await loadAccessList(test.db, organisation.id)).entries.find((e) => e.cidr === ADMIN_IP)!;
    expect(await change({ kind: "remove", id: mine.id })).toMatchObject({ ok: false });
    expect(await change({ kind: "update", id: mine.id, cidr: "198.51.100.11", description: "typo" })).toMatchObject({ ok: false, field: "cidr" });
    expect(await change({ kind: "update", id: mine.id, cidr: "198.51.100.0/24", description: "Desk range" })).toEqual({ ok: true });
    const org = await test.db.organisation.findUniqueOrThrow({ where: { id: organisation.id } });
    expect(org.accessListEnabled).toBe(true);
    expect(org.accessListVersion).toBe(4); // every accepted change bumps the version the instances poll
  });

  it("lets an operator switch the list off, and knows no other organisation", async () => {
    const { organisation, change } = await setup("breakglass");
    await change({ kind: "add", cidr: ADMIN_IP, description: "Me" });
    await change({ kind: "switch", enabled: true });
    expect(await disableAccessListAsOperator({ db: test.db, organisationSlug: "breakglass", operator: "ops@host", now })).toMatchObject({ id: organisation.id });
    expect((await loadAccessList(test.db, organisation.id)).enabled).toBe(false);
    expect(await disableAccessListAsOperator({ db: test.db, organisationSlug: "nope", operator: "ops@host", now })).toBeNull();
  });
});
