import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { encodeSessionToken } from "@/lib/auth/session-jwt";
import { createAccessListGate } from "./gate";

const secret = "gate-test-secret-0123456789-0123456789";
const OFFICE = "198.51.100.7";
const OUTSIDE = "192.0.2.9";
let test: TestDatabase;
let gate: ReturnType<typeof createAccessListGate>;
let token: string;
let secureToken: string;
let organisationId: string;

beforeAll(async () => {
  test = await createTestDatabase();
  const { organisation, member } = await createOrganisationWithUsers(test.db, "gated");
  organisationId = organisation.id;
  await test.db.accessListEntry.create({ data: { organisationId: organisation.id, cidr: "198.51.100.0/24", description: "Office" } });
  await test.db.organisation.update({ where: { id: organisation.id }, data: { accessListEnabled: true, accessListVersion: 1 } });
  token = await encodeSessionToken({ token: { uid: member.id, sid: "s1", gen: 0 }, secret, salt: "authjs.session-token" });
  secureToken = await encodeSessionToken({ token: { uid: member.id, sid: "s1", gen: 0 }, secret, salt: "__Secure-authjs.session-token" });
  gate = createAccessListGate({ db: test.db, secret });
  await gate.refresh();
});
afterAll(() => test.dispose());

const check = (cookieHeader: string | undefined, clientIp: string, secure = false) => gate.check({ cookieHeader, clientIp, secure });

describe("the Access List gate", () => {
  it("refuses a session from outside the list however its cookie is cut into chunks", async () => {
    const half = Math.floor(token.length / 2);
    for (const cookie of [
      `authjs.session-token=${token}`,
      `authjs.session-token.0=${token}`,
      `authjs.session-token.1=${token.slice(half)}; authjs.session-token.0=${token.slice(0, half)}`,
    ]) {
      // The decision names the session's organisation: server.ts puts it on the request's log lines.
      expect(await check(cookie, OUTSIDE), cookie.slice(0, 30)).toMatchObject({ kind: "deny", organisationName: "gated Inc", organisationId });
      expect(await check(cookie, OFFICE)).toMatchObject({ kind: "pass", cookieHeader: `authjs.session-token=${token}`, organisationId });
    }
    expect(await check(`__Secure-authjs.session-token.0=${secureToken}`, OUTSIDE, true)).toMatchObject({ kind: "deny" });
  });

  it("signs out (and clears) a session-looking cookie it cannot attribute, instead of letting it through", async () => {
    for (const cookie of [
      "authjs.session-token=garbage",
      `authjs.session-token=${token}; authjs.session-token.1=x`,
      `authjs.session-token=${"A".repeat(20_000)}`,
      `authjs.session-token=${secureToken}`,
    ]) {
      const decision = await check(`theme=dark; ${cookie}`, OUTSIDE);
      expect(decision, cookie.slice(0, 30)).toMatchObject({ kind: "pass", cookieHeader: "theme=dark" });
      expect(decision.clearCookies.join()).toContain("authjs.session-token");
    }
    // Another protocol's cookie is never read: here the request simply has no session.
    expect(await check(`__Secure-authjs.session-token=${secureToken}`, OUTSIDE, false)).toMatchObject({ kind: "pass", cookieHeader: "" });
  });

  it("answers a cookie it cannot even decode with a bad request", async () => {
    expect(await check("authjs.session-token=%E0%A4%A", OFFICE)).toMatchObject({ kind: "bad-cookie" });
  });

  it("lets a request without any session cookie through untouched", async () => {
    expect(await check("theme=dark", OUTSIDE)).toEqual({ kind: "pass", cookieHeader: "theme=dark", clearCookies: [] });
    expect(await check(undefined, OUTSIDE)).toEqual({ kind: "pass", cookieHeader: undefined, clearCookies: [] });
  });
});
