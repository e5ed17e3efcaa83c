import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, newCompleteClaims, newTwoFactorClaims, refreshSessionClaims } from "./session-claims";

let test: TestDatabase;
let user: { id: string; sessionVersion: number };

beforeAll(async () => {
  test = await createTestDatabase();
  ({ member: user } = await createOrganisationWithUsers(test.db, "acme"));
});
afterAll(() => test.dispose());

const loginAt = new Date("2030-06-01T08:00:00Z");
const after = (ms: number) => new Date(loginAt.getTime() + ms);

describe("session claims", () => {
  it("keeps an active session and fills the profile from the database", async () => {
    const claims = newCompleteClaims(user, loginAt, loginAt);
    const refreshed = await refreshSessionClaims({ db: test.db, claims, now: after(60_000) });
    expect(refreshed).toMatchObject({ uid: user.id, role: "MEMBER", organisationName: "acme Inc", seenAt: after(60_000).getTime() });
  });

  it("ends a session idle for more than 30 minutes", async () => {
    const claims = newCompleteClaims(user, loginAt, loginAt);
    expect(await refreshSessionClaims({ db: test.db, claims, now: after(IDLE_TIMEOUT_MS - 1000) })).not.toBeNull();
    expect(await refreshSessionClaims({ db: test.db, claims, now: after(IDLE_TIMEOUT_MS + 1000) })).toBeNull();
  });

  it("ends a session 12 hours after login even when it was active throughout", async () => {
    let claims: Record<string, unknown> | null = newCompleteClaims(user, loginAt, loginAt);
    for (let t = 20 * 60_000; t < ABSOLUTE_TIMEOUT_MS; t += 20 * 60_000) {
      claims = { ...(await refreshSessionClaims({ db: test.db, claims: claims!, now: after(t) })) };
      expect(claims.uid).toBe(user.id);
    }
    expect(await refreshSessionClaims({ db: test.db, claims: claims!, now: after(ABSOLUTE_TIMEOUT_MS + 1) })).toBeNull();
  });

  it("keeps a pending 2FA session only while its server-side challenge is open (5 minutes)", async () => {
    const { startLoginChallenge } = await import("@/lib/two-factor/login-challenge");
    const challengeId = await startLoginChallenge({ db: test.db, userId: user.id, now: loginAt });
    const claims = newTwoFactorClaims(user, challengeId, loginAt);
    const refreshed = await refreshSessionClaims({ db: test.db, claims, now: after(4 * 60_000) });
    expect(refreshed).toMatchObject({ stage: "two-factor", uid: user.id });
    expect(refreshed).not.toHaveProperty("email");
    expect(await refreshSessionClaims({ db: test.db, claims, now: after(5 * 60_000 + 1000) })).toBeNull();
    // A challenge belongs to one user: another user's token cannot borrow it.
    const other = await test.db.user.findFirstOrThrow({ where: { id: { not: user.id } } });
    expect(await refreshSessionClaims({ db: test.db, claims: { ...claims, uid: other.id }, now: after(1000) })).toBeNull();
  });

  it("revokes every session of a user when the session version is bumped", async () => {
    const claims = newCompleteClaims(user, loginAt, loginAt);
    await test.db.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await refreshSessionClaims({ db: test.db, claims, now: after(1000) })).toBeNull();
  });

  it("signing out other sessions keeps exactly the session that asked, until the next revocation", async () => {
    const fresh = await test.db.user.findUniqueOrThrow({ where: { id: user.id } });
    const keep = newCompleteClaims(fresh, loginAt, loginAt);
    const other = newCompleteClaims(fresh, loginAt, loginAt);
    await test.db.user.update({
      where: { id: user.id },
      data: { sessionVersion: { increment: 1 }, retainedSessionId: keep.sid, retainedSessionVersion: keep.sv },
    });
    expect(await refreshSessionClaims({ db: test.db, claims: keep, now: after(1000) })).toMatchObject({ sid: keep.sid });
    expect(await refreshSessionClaims({ db: test.db, claims: other, now: after(1000) })).toBeNull();
    const later = newCompleteClaims(await test.db.user.findUniqueOrThrow({ where: { id: user.id } }), loginAt, loginAt);
    expect(await refreshSessionClaims({ db: test.db, claims: later, now: after(1000) })).not.toBeNull();

    // An admin's reset revokes everything, the kept session included.
    await test.db.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 }, retainedSessionId: null, retainedSessionVersion: null } });
    expect(await refreshSessionClaims({ db: test.db, claims: keep, now: after(1000) })).toBeNull();
    expect(await refreshSessionClaims({ db: test.db, claims: later, now: after(1000) })).toBeNull();
  });

  it("a signed-out session stays dead even if its token comes back; the user's other sessions live on", async () => {
    const { recordSignOut } = await import("./signed-out-sessions");
    const fresh = await test.db.user.findUniqueOrThrow({ where: { id: user.id } });
    const signedOut = newCompleteClaims(fresh, loginAt, loginAt);
    const other = newCompleteClaims(fresh, loginAt, loginAt);
    await recordSignOut({ db: test.db, userId: user.id, sid: signedOut.sid, until: loginAt.getTime() + ABSOLUTE_TIMEOUT_MS, now: loginAt });
    expect(await refreshSessionClaims({ db: test.db, claims: signedOut, now: after(1000) })).toBeNull();
    expect(await refreshSessionClaims({ db: test.db, claims: other, now: after(1000) })).not.toBeNull();
  });

  it("refuses a token without the claims only the server writes", async () => {
    expect(await refreshSessionClaims({ db: test.db, claims: { uid: user.id }, now: after(1000) })).toBeNull();
  });
});
