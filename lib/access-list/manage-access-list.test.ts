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
    expect(await change({ kind: "add", cidr: "10.0.0.0/8", description: "again" })).toMatchObject({
      ok: false,
      field: "cidr",
      message: "10.0.0.0/8 is already on the Access List.",
    });
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

  it("adds or widens to a range broader than /8 or /32 only with the admin's explicit confirmation", async () => {
    const { organisation, change } = await setup("broad");
    const entries = async () => (await loadAccessList(test.db, organisation.id)).entries;

    expect(await change({ kind: "add", cidr: "10.0.0.0/7", description: "Too wide" })).toEqual({
      ok: false,
      field: "confirmBroad",
      message: "10.0.0.0/7 covers 33,554,432 addresses, more than a /8. Confirm that you mean to allow this whole range, then save again.",
    });
    expect(await change({ kind: "add", cidr: "2001:db8::/31", description: "v6", confirmBroad: false })).toMatchObject({
      ok: false,
      field: "confirmBroad",
      message: expect.stringMatching(/^2001:db8::\/31 covers 2\^97 addresses \(about 1\.6 × 10\^29\), more than a \/32\./),
    });
    expect(await entries()).toEqual([]);

    // /8 and /32 themselves are not broad.
    expect(await change({ kind: "add", cidr: "10.0.0.0/8", description: "Ten" })).toEqual({ ok: true });
    expect(await change({ kind: "add", cidr: "2001:db8::/32", description: "Docs" })).toEqual({ ok: true });
    expect(await change({ kind: "add", cidr: "172.0.0.0/6", description: "Confirmed", confirmBroad: true })).toEqual({ ok: true });
    const added = await test.db.auditEvent.findFirstOrThrow({
      where: { organisationId: organisation.id, type: "access_list.entry_added", detail: { contains: "172.0.0.0/6" } },
    });
    expect(JSON.parse(added.detail!)).toEqual({ cidr: "172.0.0.0/6", broadRangeConfirmed: true });

    // Widening an entry by editing it asks too; keeping a confirmed range while editing its description does not.
    const ten = (await entries()).find((e) => e.cidr === "10.0.0.0/8")!;
    expect(await change({ kind: "update", id: ten.id, cidr: "10.0.0.0/7", description: "Ten" })).toMatchObject({ ok: false, field: "confirmBroad" });
    expect((await entries()).map((e) => e.cidr)).toContain("10.0.0.0/8");
    expect(await change({ kind: "update", id: ten.id, cidr: "10.0.0.0/7", description: "Ten", confirmBroad: true })).toEqual({ ok: true });
    const wide = (await entries()).find((e) => e.cidr === "172.0.0.0/6")!;
    expect(await change({ kind: "update", id: wide.id, cidr: "172.0.0.0/6", description: "Renamed" })).toEqual({ ok: true });

    // Everything stays refused outright, confirmed or not.
    for (const cidr of ["0.0.0.0/0", "::/0"]) {
      expect(await change({ kind: "add", cidr, description: "", confirmBroad: true })).toMatchObject({
        ok: false,
        field: "cidr",
        message: expect.stringContaining("allows every address"),
      });
    }
    expect((await entries()).map((e) => e.cidr).sort()).toEqual(["10.0.0.0/7", "172.0.0.0/6", "2001:db8::/32"]);
  });

  it("lets an operator switch the list off with a reason, once, and knows no other organisation", async () => {
    const { organisation, change } = await setup("signin");
    await change({ kind: "add", cidr: ADMIN_IP, description: "Me" });
    await change({ kind: "switch", enabled: true });

    const operator = { user: "ops", host: "bastion-1" };
    const reason = "Customer locked out after an ISP change (ticket 4711)";
    const disable = (organisationSlug: string) => disableAccessListAsOperator({ db: test.db, organisationSlug, operator, reason, now });
    expect(await disable("signin")).toEqual({ organisation: { id: organisation.id, name: "signin Inc" }, changed: true });
    expect((await loadAccessList(test.db, organisation.id)).enabled).toBe(false);
    const event = await test.db.auditEvent.findFirstOrThrow({ where: { organisationId: organisation.id, type: "access_list.disabled_by_operator" } });
    expect(JSON.parse(event.detail!)).toEqual({ reason, operatorUser: "ops", operatorHost: "bastion-1" });
    expect((await loadAccessList(test.db, organisation.id)).entries).toHaveLength(1); // entries are kept

    // Already off: nothing changes and nothing more is audited.
    expect(await disable("signin")).toMatchObject({ changed: false });
    expect(await test.db.auditEvent.count({ where: { organisationId: organisation.id, type: "access_list.disabled_by_operator" } })).toBe(1);
    expect(await disable("nope")).toBeNull();
  });
});
