import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, IDLE_TIMEOUT_MS } from "@/lib/auth/sessions";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { databaseGaugeReader } from "./database-gauges";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());

describe("twofold_active_sessions", () => {
  it("counts signed-in sessions only: not a pending step, a revoked, an idle or an expired one", async () => {
    const { member: user } = await createOrganisationWithUsers(test.db, "gauges");
    const now = new Date("2030-03-01T12:00:00Z");
    const session = (stage: "COMPLETE" | "SECOND_FACTOR", at = now) =>
      createSession({ db: test.db, user, stage, ip: "203.0.113.1", userAgent: null, now: at });
    await session("COMPLETE");
    await session("SECOND_FACTOR");
    const revoked = await session("COMPLETE");
    await test.db.session.update({ where: { id: revoked.id }, data: { revokedAt: now } });
    await session("COMPLETE", new Date(now.getTime() - IDLE_TIMEOUT_MS - 1000));
    const expired = await session("COMPLETE");
    await test.db.session.update({ where: { id: expired.id }, data: { expiresAt: new Date(now.getTime() - 1), lastSeenAt: now } });
    expect(await databaseGaugeReader(test.db, () => now).activeSessions()).toBe(1);
  });
});
