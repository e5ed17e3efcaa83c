// Settings > Security's sessions list and its per-row sign-out, and the admin's "Sign out all sessions".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { createSession, IDLE_TIMEOUT_MS, PENDING_STEP_MS, readSession, sessionEnd } from "./sessions";
import { listSessionsOf, signOutAllSessionsByAdmin, signOutSession } from "./session-list";

let test: TestDatabase;
const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIREFOX = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0";
const start = new Date("2030-10-01T09:00:00Z");
const at = (ms: number) => new Date(start.getTime() + ms);
let n = 0;

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());

async function people() {
  const { organisation, admin, member } = await createOrganisationWithUsers(test.db, `sl${++n}`);
  const open = (
    user: { id: string; organisationId: string },
    userAgent: string,
    options: { stage?: "COMPLETE" | "SECOND_FACTOR"; ip?: string; now?: Date } = {},
  ) =>
    createSession({ db: test.db, user, stage: options.stage ?? "COMPLETE", ip: options.ip ?? "203.0.113.1", userAgent, now: options.now ?? start });
  return { organisation, admin, member, open };
}

const isLive = async (sessionId: string, now = at(60_000)) => sessionEnd((await readSession(test.db, sessionId))!, now) === null;

describe("the sessions list", () => {
  it("lists the user's live sessions (this one first, pending ones marked), never another user's or an ended one", async () => {
    const { admin, member, open } = await people();
    const current = await open(member, CHROME, { now: at(1000) });
    const phone = await open(member, FIREFOX, { ip: "198.51.100.9", now: at(2000) });
    const waiting = await open(member, FIREFOX, { stage: "SECOND_FACTOR", now: at(3000) });
    const stale = await open(member, CHROME, { stage: "SECOND_FACTOR", now: at(-PENDING_STEP_MS - 1000) });
    const idle = await open(member, CHROME, { now: at(-IDLE_TIMEOUT_MS - 1000) });
    await test.db.session.update({ where: { id: idle.id }, data: { expiresAt: at(60 * 60 * 1000) } });
    const revoked = await open(member, CHROME);
    await test.db.session.update({ where: { id: revoked.id }, data: { revokedAt: start, revokedReason: "signed-out" } });
    await open(admin, CHROME);

    const rows = await listSessionsOf(test.db, { userId: member.id, currentSessionId: current.id, now: at(10_000) });
    expect(rows).toHaveLength(3);
    expect(rows[0]!).toMatchObject({ current: true, browser: "Chrome on Linux", waitingForTwoFactor: false, createdAt: at(1000) });
    expect(rows.slice(1).map((row) => [row.browser, row.waitingForTwoFactor])).toEqual([
      ["Firefox on macOS", true],
      ["Firefox on macOS", false],
    ]);
    expect(rows.find((row) => row.ip === "198.51.100.9")).toBeDefined();
    // The page never carries a session's id.
    for (const row of rows) expect([current.id, phone.id, waiting.id, stale.id].some((id) => JSON.stringify(row).includes(id))).toBe(false);
  });
});

describe("signing out one session from the list", () => {
  it("ends only that one, audited; the others and the current one stay", async () => {
    const { member, open } = await people();
    const current = await open(member, CHROME);
    const phone = await open(member, FIREFOX);
    const tablet = await open(member, FIREFOX, { ip: "192.0.2.3" });
    const rows = await listSessionsOf(test.db, { userId: member.id, currentSessionId: current.id, now: at(1000) });
    const target = rows.find((row) => row.ip === "192.0.2.3")!;
    const caller = { ...member, sessionId: current.id };
    expect(await signOutSession(test.db, { caller, handle: target.handle, ip: "x", now: at(2000) })).toEqual({ ok: true });
    expect(await isLive(tablet.id)).toBe(false);
    expect((await test.db.session.findUniqueOrThrow({ where: { id: tablet.id } })).revokedReason).toBe("signed-out-from-sessions-list");
    expect(await isLive(phone.id)).toBe(true);
    expect(await isLive(current.id)).toBe(true);
    const events = await test.db.auditEvent.findMany({ where: { targetId: member.id, type: "session.signed_out" } });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.detail!)).toEqual({ browser: "Firefox on macOS", sessionIp: "192.0.2.3" });
    // Again: it is no longer there.
    expect(await signOutSession(test.db, { caller, handle: target.handle, ip: "x", now: at(3000) })).toEqual({ ok: false, reason: "not-found" });
  });

  it("refuses another user's session like an unknown one, and leaves it alone", async () => {
    const { admin, member, open } = await people();
    const mine = await open(member, CHROME);
    const theirs = await open(admin, FIREFOX);
    const row = (await listSessionsOf(test.db, { userId: admin.id, currentSessionId: theirs.id, now: at(1000) }))[0]!;
    const caller = { ...member, sessionId: mine.id };
    expect(await signOutSession(test.db, { caller, handle: row.handle, ip: "x", now: at(2000) })).toEqual({ ok: false, reason: "not-found" });
    expect(await signOutSession(test.db, { caller, handle: "made-up-handle", ip: "x", now: at(2000) })).toEqual({ ok: false, reason: "not-found" });
    expect(await signOutSession(test.db, { caller, handle: theirs.id, ip: "x", now: at(2000) })).toEqual({ ok: false, reason: "not-found" });
    expect(await isLive(theirs.id)).toBe(true);
  });

  it("does not end the caller's own current session (that is the Sign out button)", async () => {
    const { member, open } = await people();
    const current = await open(member, CHROME);
    const row = (await listSessionsOf(test.db, { userId: member.id, currentSessionId: current.id, now: at(1000) }))[0]!;
    expect(await signOutSession(test.db, { caller: { ...member, sessionId: current.id }, handle: row.handle, ip: "x", now: at(2000) })).toEqual({
      ok: false,
      reason: "current",
    });
    expect(await isLive(current.id)).toBe(true);
  });
});

describe("an admin signs out all of a user's sessions", () => {
  it("ends every live session of that user, says how many, audited; another organisation's user is unknown", async () => {
    const { organisation, admin, member, open } = await people();
    const other = await people();
    await open(member, CHROME);
    await open(member, FIREFOX, { stage: "SECOND_FACTOR" });
    const bystander = await open(other.member, CHROME);
    const adminSession = await open(admin, CHROME);
    const actor = { ...admin, sessionId: adminSession.id };
    expect(
      await signOutAllSessionsByAdmin(test.db, { organisationId: organisation.id, userId: other.member.id, actor, ip: "x", now: at(1000) }),
    ).toEqual({ ok: false });
    expect(await isLive(bystander.id)).toBe(true);
    const result = await signOutAllSessionsByAdmin(test.db, { organisationId: organisation.id, userId: member.id, actor, ip: "x", now: at(1000) });
    expect(result).toMatchObject({ ok: true, ended: 2, keptCurrent: false });
    expect(await test.db.session.count({ where: { userId: member.id, revokedReason: "signed-out-by-admin" } })).toBe(2);
    const [event] = await test.db.auditEvent.findMany({ where: { targetId: member.id, type: "sessions.revoked_by_admin" } });
    expect(JSON.parse(event!.detail!)).toEqual({ ended: 2 });
  });

  it("on the admin's own row keeps the session they asked from", async () => {
    const { organisation, admin, open } = await people();
    const here = await open(admin, CHROME);
    const elsewhere = await open(admin, FIREFOX);
    const result = await signOutAllSessionsByAdmin(test.db, {
      organisationId: organisation.id,
      userId: admin.id,
      actor: { ...admin, sessionId: here.id },
      ip: "x",
      now: at(1000),
    });
    expect(result).toMatchObject({ ok: true, ended: 1, keptCurrent: true });
    expect(await isLive(here.id)).toBe(true);
    expect(await isLive(elsewhere.id)).toBe(false);
  });
});
