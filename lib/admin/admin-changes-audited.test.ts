// Each admin change and its audit event commit together: with the audit writer failing, nothing changes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { expectFailureWithAuditRefused } from "@/lib/testing/refuse-audit-writes";
import crypto from "node:crypto";
import { keyringFromEnv } from "@/lib/crypto";
import { addUser } from "./add-user";
import { loadOrganisationSettings } from "./organisation-settings";
import { setLoginMethod } from "./set-login-method";

let test: TestDatabase;
let organisationId: string;
let actor: { id: string; email: string };
const now = new Date("2030-06-01T09:00:00Z");
let slug = 0;

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());
beforeEach(async () => {
  const created = await createOrganisationWithUsers(test.db, `changes${++slug}`, { loginMethod: "STANDARD" });
  organisationId = created.organisation.id;
  actor = { id: created.admin.id, email: created.admin.email };
});

const loginMethodOf = async () => (await loadOrganisationSettings({ db: test.db, organisationId })).loginMethod;

describe("setLoginMethod", () => {
  it("changes the method and audits it, with who, from where and when", async () => {
    await setLoginMethod({ db: test.db, organisationId, loginMethod: "TWO_FACTOR", actor, ip: "203.0.113.9", now });
    expect(await loginMethodOf()).toBe("TWO_FACTOR");
    const events = await test.db.auditEvent.findMany({ where: { organisationId } });
    expect(events).toEqual([
      expect.objectContaining({
        type: "organisation.login_method_changed",
        actorId: actor.id,
        ip: "203.0.113.9",
        detail: JSON.stringify({ loginMethod: "TWO_FACTOR" }),
        createdAt: now,
      }),
    ]);
  });

  it("changes nothing when its audit event cannot be written", async () => {
    await expectFailureWithAuditRefused(test.db, () =>
      setLoginMethod({ db: test.db, organisationId, loginMethod: "TWO_FACTOR", actor, ip: "x", now }),
    );
    expect(await loginMethodOf()).toBe("STANDARD");
    expect(await test.db.auditEvent.count({ where: { organisationId } })).toBe(0);
  });
});

describe("addUser", () => {
  const input = { name: "Nina", email: "", role: "MEMBER" as const };
  const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64")}` });

  it("invites the user and audits it", async () => {
    const email = `nina${slug}@changes.test`;
    const result = await addUser({ db: test.db, keyring, organisationId, input: { ...input, email }, actor, ip: "x", now });
    expect(result).toEqual({ ok: true, email });
    const event = await test.db.auditEvent.findFirstOrThrow({ where: { organisationId, type: "user.invited" } });
    expect(event).toMatchObject({ targetEmail: email, actorId: actor.id });
  });

  it("creates no user, invitation or email when its audit event cannot be written", async () => {
    const email = `nobody${slug}@changes.test`;
    await expectFailureWithAuditRefused(test.db, () =>
      addUser({ db: test.db, keyring, organisationId, input: { ...input, email }, actor, ip: "x", now }),
    );
    expect(await test.db.user.count({ where: { email } })).toBe(0);
    expect(await test.db.invitation.count({ where: { organisationId } })).toBe(0);
    expect(await test.db.outboxEmail.count({ where: { recipient: email } })).toBe(0);
  });
});
