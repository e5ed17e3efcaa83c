import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { hashPassword } from "./password";
import { accountBackoffMs } from "./password-throttle";
import { verifyCredentials } from "./verify-credentials";

let test: TestDatabase;
const PASSWORD = "correct-horse-battery-staple";

beforeAll(async () => {
  test = await createTestDatabase();
  const org = await test.db.organisation.create({ data: { slug: "acme", name: "Acme Corp" } });
  for (const local of ["alice", "bob", "carol", "dave", "erin", "frank"]) {
    await test.db.user.create({
      data: { organisationId: org.id, email: `${local}@acme.test`, name: local, passwordHash: await hashPassword(PASSWORD) },
    });
  }
});
afterAll(() => test.dispose());

const attempt = (email: string, password: string, ip = "203.0.113.1", now = new Date()) =>
  verifyCredentials({ db: test.db, email, password, ip, now });

describe("verifyCredentials", () => {
  it("accepts the right password", async () => {
    const result = await attempt("alice@acme.test", PASSWORD);
    expect(result).toMatchObject({ ok: true, user: { email: "alice@acme.test" } });
  });

  it("answers a wrong password and an unknown email identically", async () => {
    const wrongPassword = await attempt("alice@acme.test", "wrong-password");
    const unknownEmail = await attempt("nobody@acme.test", PASSWORD);
    expect(wrongPassword).toEqual({ ok: false, error: "INVALID_CREDENTIALS" });
    expect(unknownEmail).toEqual(wrongPassword);
  });

  it("treats an invited user (no password chosen yet) exactly like an unknown email, whatever is typed", async () => {
    const org = await test.db.organisation.findUniqueOrThrow({ where: { slug: "acme" } });
    // Even a hash that would match: an INVITED account never signs in with a password.
    await test.db.user.create({
      data: { organisationId: org.id, email: "ivy@acme.test", name: "ivy", passwordHash: await hashPassword(PASSWORD), accountStatus: "INVITED" },
    });
    await test.db.user.create({ data: { organisationId: org.id, email: "ian@acme.test", name: "ian", passwordHash: "", accountStatus: "INVITED" } });
    const unknown = await attempt("nobody-at-all@acme.test", PASSWORD, "203.0.113.77");
    for (const [email, password] of [
      ["ivy@acme.test", PASSWORD],
      ["ian@acme.test", ""],
      ["ian@acme.test", "anything-at-all"],
    ] as const) {
      expect(await attempt(email, password, "203.0.113.77")).toEqual(unknown);
    }
    expect(unknown).toEqual({ ok: false, error: "INVALID_CREDENTIALS" });
    // Nothing audited for them, as for an unknown address: no trace tells the account exists.
    expect(await test.db.auditEvent.count({ where: { targetEmail: { in: ["ivy@acme.test", "ian@acme.test"] } } })).toBe(0);
  });

  it("audits a wrong password for a real account", async () => {
    const events = await test.db.auditEvent.findMany({ where: { type: "login.failed", targetEmail: "alice@acme.test" } });
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]).toMatchObject({ ip: "203.0.113.1" });
  });

  it("backs off an account after 5 consecutive failures, known or unknown, and a success resets it", async () => {
    const now = new Date("2030-01-01T00:00:00Z");
    for (const email of ["bob@acme.test", "ghost@acme.test"]) {
      for (let i = 0; i < 5; i++) expect(await attempt(email, "nope", "198.51.100.9", now)).toMatchObject({ error: "INVALID_CREDENTIALS" });
      // Even the right password is not checked during the backoff.
      expect(await attempt(email, PASSWORD, "198.51.100.9", now)).toMatchObject({ ok: false, error: "RATE_LIMITED" });
    }
    const later = new Date(now.getTime() + accountBackoffMs(5) + 1);
    expect(await attempt("bob@acme.test", PASSWORD, "198.51.100.9", later)).toMatchObject({ ok: true });
    expect(await attempt("bob@acme.test", "nope", "198.51.100.9", later)).toMatchObject({ error: "INVALID_CREDENTIALS" });
  });

  it("grows the backoff and never allows 100 failures an hour", () => {
    expect(accountBackoffMs(4)).toBe(0);
    expect(accountBackoffMs(5)).toBe(30_000);
    expect(accountBackoffMs(6)).toBe(60_000);
    expect(accountBackoffMs(12)).toBe(15 * 60_000);
    let failures = 0;
    for (let elapsed = 0; elapsed < 60 * 60_000; failures++) elapsed += accountBackoffMs(failures + 1) || 1;
    expect(failures).toBeLessThan(100);
  });

  it("limits one IP trying many different accounts", async () => {
    const now = new Date("2031-01-01T00:00:00Z");
    let refused = 0;
    for (let i = 0; i < 60; i++) {
      const result = await attempt(`spray${i}@acme.test`, "nope", "192.0.2.66", now);
      if (!result.ok && result.error === "RATE_LIMITED") refused++;
    }
    expect(refused).toBe(10);
    expect(await attempt("carol@acme.test", PASSWORD, "192.0.2.66", now)).toMatchObject({ error: "RATE_LIMITED" });
    expect(await attempt("carol@acme.test", PASSWORD, "192.0.2.67", now)).toMatchObject({ ok: true });
  });

  it("reserves each attempt before hashing: of 60 parallel guesses 5 are evaluated, and the right password among them is refused", async () => {
    const now = new Date("2032-01-01T00:00:00Z");
    for (const email of ["dave@acme.test", "phantom@acme.test"]) {
      const results = await Promise.all([
        ...Array.from({ length: 60 }, () => attempt(email, "nope", "198.51.100.20", now)),
        attempt(email, PASSWORD, "198.51.100.20", now),
      ]);
      expect(results.filter((r) => !r.ok && r.error === "INVALID_CREDENTIALS")).toHaveLength(5);
      expect(results.filter((r) => !r.ok && r.error === "RATE_LIMITED")).toHaveLength(56);
      expect(results.at(-1)).toMatchObject({ ok: false, error: "RATE_LIMITED" });
      // The account, not the address, is in its backoff.
      expect(await attempt(email, PASSWORD, "198.51.100.21", now)).toMatchObject({ ok: false, error: "RATE_LIMITED" });
    }
    const events = await test.db.auditEvent.count({ where: { type: "login.failed", targetEmail: "dave@acme.test" } });
    expect(events).toBe(5);
  });

  it("reserves per IP too: of 60 parallel guesses across accounts from one address 50 are evaluated", async () => {
    const now = new Date("2033-01-01T00:00:00Z");
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => attempt(`burst${i}@acme.test`, "nope", "192.0.2.80", now)));
    expect(results.filter((r) => !r.ok && r.error === "INVALID_CREDENTIALS")).toHaveLength(50);
    expect(results.filter((r) => !r.ok && r.error === "RATE_LIMITED")).toHaveLength(10);
    expect(await attempt("erin@acme.test", PASSWORD, "192.0.2.80", now)).toMatchObject({ ok: false, error: "RATE_LIMITED" });
  });

  it("gives back the reservations of a correct password", async () => {
    const now = new Date("2034-01-01T00:00:00Z");
    for (let i = 0; i < 49; i++) await attempt(`slot${i}@acme.test`, "nope", "192.0.2.90", now);
    for (let i = 0; i < 4; i++) await attempt("erin@acme.test", "nope", "192.0.2.91", now);
    // Neither the address's 50th slot nor the account's 5th failure is used up by it.
    expect(await attempt("erin@acme.test", PASSWORD, "192.0.2.90", now)).toMatchObject({ ok: true });
    expect(await attempt("erin@acme.test", "nope", "192.0.2.90", now)).toMatchObject({ error: "INVALID_CREDENTIALS" });
    expect(await attempt("slot-last@acme.test", "nope", "192.0.2.90", now)).toMatchObject({ error: "RATE_LIMITED" });
    for (let i = 0; i < 3; i++) expect(await attempt("erin@acme.test", "nope", "192.0.2.91", now)).toMatchObject({ error: "INVALID_CREDENTIALS" });
  });

  it("holds across app instances: two clients of one database share the budget", async () => {
    const now = new Date("2035-01-01T00:00:00Z");
    const other = createDb(test.url);
    try {
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          verifyCredentials({ db: i % 2 ? other : test.db, email: "frank@acme.test", password: "nope", ip: "192.0.2.100", now }),
        ),
      );
      expect(results.filter((r) => !r.ok && r.error === "INVALID_CREDENTIALS")).toHaveLength(5);
    } finally {
      await other.$disconnect();
    }
  });
});
