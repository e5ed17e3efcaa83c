import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { checkIp } from "./check-ip";
import { changeAccessList } from "./manage-access-list";

let test: TestDatabase;
const now = new Date("2030-02-02T02:02:02Z");

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());

describe("Check an IP", () => {
  it("tells whether an address would be let in, and by which entry", async () => {
    const { organisation, admin } = await createOrganisationWithUsers(test.db, "check");
    const check = (ip: string) => checkIp({ db: test.db, organisationId: organisation.id, ip });
    const change = (change: Parameters<typeof changeAccessList>[0]["change"]) =>
      changeAccessList({ db: test.db, organisationId: organisation.id, change, actor: admin, ip: "198.51.100.10", now });

    expect(await check("not an ip")).toEqual({ ok: false, reason: "invalid-ip" });
    expect(await check("203.0.113.7")).toEqual({ ok: true, verdict: { ip: "203.0.113.7", enabled: false, allowed: true, entry: null } });

    await change({ kind: "add", cidr: "198.51.100.0/24", description: "Office" });
    await change({ kind: "switch", enabled: true });
    expect(await check("::ffff:198.51.100.77")).toMatchObject({
      ok: true,
      verdict: { ip: "198.51.100.77", enabled: true, allowed: true, entry: { cidr: "198.51.100.0/24", description: "Office" } },
    });
    expect(await check("203.0.113.7")).toEqual({ ok: true, verdict: { ip: "203.0.113.7", enabled: true, allowed: false, entry: null } });
  });
});
