// `keys rotate` and `keys status`, run in-process as the e2e kit runs operator commands, on a real
// database (SQLite, or PostgreSQL with TEST_DATABASE=postgresql): secrets sealed under k1 move to k2.
import crypto from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyringFromEnv, open, type Keyring } from "@/lib/crypto";
import { createDb, type Db } from "@/lib/db";
import { queueEmail, tokenContext, type StoredEmailData } from "@/lib/mail/outbox";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { textSink } from "@/lib/testing/text-sink";
import { beginEnrolment, confirmEnrolment } from "@/lib/two-factor/enrol";
import { openTotpSecret, sealTotpSecret } from "@/lib/two-factor/secrets";
import { codeForStep, timeStep } from "@/lib/two-factor/totp";
import { verifySecondFactor } from "@/lib/two-factor/verify";
import { keyStatus, rotateSealedValues } from "@/lib/operator/key-rotation";
import { EXIT, runOperatorCommand } from "./operator-command";

const key = (id: string) => `${id}:${crypto.randomBytes(32).toString("base64")}`;
const K0 = key("k0");
const K1 = key("k1");
const K2 = key("k2");
/** Before the rotation: k1 is the key. */
const before = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: K1 });
/** During it: k2 seals, k1 still opens. */
const during = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: K2, TWOFOLD_ENCRYPTION_KEYS_PREVIOUS: K1 });
/** After it: k1 dropped. */
const after = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: K2 });
const stranger = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: K0 });

const start = new Date("2030-03-01T10:00:05Z");
const later = (ms: number) => new Date(start.getTime() + ms);
const operator = { user: "ops", host: "bastion-1" };

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());

async function run(argv: string[], keyring: Keyring, db?: Db) {
  let out = "";
  let err = "";
  const code = await runOperatorCommand({
    argv,
    stdin: Readable.from([]),
    stdout: textSink((text) => (out += text)),
    stderr: textSink((text) => (err += text)),
    openDb: () => db ?? createDb(test.url),
    keyring: () => keyring,
    operator: () => operator,
    now: () => start,
  });
  return { code, out, err };
}

const ip = () => `10.${crypto.randomInt(256)}.${crypto.randomInt(256)}.${crypto.randomInt(1, 255)}`;

/** Enrols the user through the wizard's functions under `keyring`; returns the authenticator secret. */
async function enrol(userId: string, keyring: Keyring): Promise<Buffer> {
  await beginEnrolment({ db: test.db, keyring, userId, email: "x@acme.test" });
  const { totpPendingSecret } = await test.db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpPendingSecret: true } });
  const secret = openTotpSecret(keyring, totpPendingSecret!, userId);
  expect(await confirmEnrolment({ db: test.db, keyring, userId, code: codeForStep(secret, timeStep(start)), ip: ip(), now: start })).toEqual({
    ok: true,
  });
  return secret;
}

async function newOrganisation(users: number) {
  const slug = `keys${crypto.randomBytes(4).toString("hex")}`;
  const { organisation, admin, member } = await createOrganisationWithUsers(test.db, slug);
  const ids = [admin.id, member.id];
  for (let i = ids.length; i < users; i++) {
    ids.push(
      (await test.db.user.create({ data: { organisationId: organisation.id, email: `u${i}@${slug}.test`, name: `U${i}`, passwordHash: "x" } })).id,
    );
  }
  return { organisation, ids };
}

const sealedValues = async () =>
  (await test.db.user.findMany({ select: { totpSecret: true, totpPendingSecret: true }, orderBy: { id: "asc" } }))
    .flatMap((u) => [u.totpSecret, u.totpPendingSecret])
    .filter((v): v is string => v !== null);
const tokenOf = async (id: string) =>
  (JSON.parse((await test.db.outboxEmail.findUniqueOrThrow({ where: { id } })).data) as StoredEmailData).sealedToken!;

/** The database as the rotation sees it, with `before(id)` run just before its first write to that user's row. */
function interleaved(db: Db, before: Map<string, () => Promise<void>>): Db {
  const user = new Proxy(db.user, {
    get(target, prop) {
      if (prop !== "updateMany") return Reflect.get(target, prop);
      return async (args: Parameters<typeof target.updateMany>[0]) => {
        const id = args?.where?.id;
        const change = typeof id === "string" ? before.get(id) : undefined;
        if (change) {
          before.delete(id as string);
          await change();
        }
        return target.updateMany(args);
      };
    },
  });
  return new Proxy(db, { get: (target, prop) => (prop === "user" ? user : Reflect.get(target, prop)) });
}

describe("keys rotate and keys status (the whole rotation on a real database)", () => {
  it("re-encrypts every secret under the new key in several batches; logins still work; a second run changes nothing", async () => {
    const { organisation, ids } = await newOrganisation(7);
    const secrets = new Map<string, Buffer>();
    // Two through the wizard (what a login reads), four written directly (enrolment hashes backup codes: slow).
    for (const id of ids.slice(0, 2)) secrets.set(id, await enrol(id, before));
    for (const id of ids.slice(2, 6)) {
      const secret = crypto.randomBytes(20);
      await test.db.user.update({ where: { id }, data: { totpSecret: sealTotpSecret(before, secret, id), twoFactorStatus: "ACTIVE" } });
      secrets.set(id, secret);
    }
    // The seventh is half-way through the wizard: only a pending secret.
    await beginEnrolment({ db: test.db, keyring: before, userId: ids[6]!, email: "x@acme.test" });
    const pending = openTotpSecret(before, (await test.db.user.findUniqueOrThrow({ where: { id: ids[6]! } })).totpPendingSecret!, ids[6]!);
    const token = "reset-link-token";
    const emailId = await queueEmail(
      test.db,
      { template: "password-reset", to: "u0@x.test", organisationId: organisation.id, data: { expiresAt: later(60_000).toISOString() } },
      { now: start, secret: { token, keyring: before } },
    );

    const status = await run(["keys", "status", "--json"], during);
    expect(status.code).toBe(EXIT.ok);
    expect(JSON.parse(status.out)).toEqual({
      currentKeyId: "k2",
      previousKeyIds: ["k1"],
      columns: [
        { column: "User.totpSecret", current: 0, older: { k1: 6 }, malformed: 0 },
        { column: "User.totpPendingSecret", current: 0, older: { k1: 1 }, malformed: 0 },
        { column: "OutboxEmail.sealedToken", current: 0, older: { k1: 1 }, malformed: 0 },
      ],
      previousKeysUnused: false,
    });
    expect((await run(["keys", "status"], during)).out).toContain("8 values still use an older key: keep TWOFOLD_ENCRYPTION_KEYS_PREVIOUS");

    const rotated = await run(["keys", "rotate", "--batch-size", "2"], during);
    expect(rotated).toMatchObject({ code: EXIT.ok, err: "" });
    expect(rotated.out).toContain("Re-encrypted 8 values with the key k2");
    expect(rotated.out).toMatch(/User\.totpSecret +6\n/);
    expect(rotated.out).toContain("TWOFOLD_ENCRYPTION_KEYS_PREVIOUS can now be emptied");
    // 6 secrets in batches of 2 (and a last empty read), the pending one, the email.
    expect(Number(/\((\d+) batches\)/.exec(rotated.out)![1])).toBeGreaterThanOrEqual(6);

    const values = await sealedValues();
    expect(values).toHaveLength(7);
    for (const value of values) expect(value).toMatch(/^v1\.k2\./);
    for (const [id, secret] of secrets) {
      const { totpSecret } = await test.db.user.findUniqueOrThrow({ where: { id } });
      expect(openTotpSecret(after, totpSecret!, id).equals(secret)).toBe(true);
    }
    const { totpPendingSecret } = await test.db.user.findUniqueOrThrow({ where: { id: ids[6]! } });
    expect(openTotpSecret(after, totpPendingSecret!, ids[6]!).equals(pending)).toBe(true);
    expect(open(after, await tokenOf(emailId), tokenContext(emailId)).toString()).toBe(token);

    // A sign-in code is checked by the real verifier with k1 gone from the keyring.
    const userId = ids[0]!;
    const code = codeForStep(secrets.get(userId)!, timeStep(later(60_000)));
    expect(await verifySecondFactor({ db: test.db, keyring: after, userId, method: "totp", code, ip: ip(), now: later(60_000) })).toEqual({
      ok: true,
    });

    const audits = await test.db.auditEvent.findMany({ where: { organisationId: organisation.id, type: "keys.rotated" } });
    expect(audits).toHaveLength(1);
    expect(JSON.parse(audits[0]!.detail!)).toEqual({
      keyId: "k2",
      resealed: 8,
      unreadable: 0,
      resealedTotpSecrets: 6,
      resealedPendingSecrets: 1,
      resealedEmailTokens: 1,
      operatorUser: "ops",
      operatorHost: "bastion-1",
    });

    const again = await run(["keys", "rotate", "--json"], during);
    expect(again.code).toBe(EXIT.ok);
    expect(JSON.parse(again.out)).toMatchObject({ resealed: 0, unreadable: [], busy: 0, status: { previousKeysUnused: true } });
    expect(await sealedValues()).toEqual(values);
    expect(await test.db.auditEvent.count({ where: { organisationId: organisation.id, type: "keys.rotated" } })).toBe(1);

    const statusAfter = JSON.parse((await run(["keys", "status", "--json"], after)).out);
    expect(statusAfter.columns.map((c: { current: number; older: object }) => [c.current, c.older])).toEqual([
      [6, {}],
      [1, {}],
      [1, {}],
    ]);
    expect(statusAfter.previousKeysUnused).toBe(true);
  });

  it("reports a value under an unknown key or altered by its row id, never its value, and still rotates the others", async () => {
    const { organisation, ids } = await newOrganisation(3);
    const [unknown, altered, fine] = ids as [string, string, string];
    await test.db.user.update({ where: { id: unknown }, data: { totpSecret: sealTotpSecret(stranger, crypto.randomBytes(20), unknown) } });
    const good = sealTotpSecret(before, crypto.randomBytes(20), altered);
    const parts = good.split(".");
    parts[3] = Buffer.from("not the ciphertext").toString("base64url");
    const tampered = parts.join(".");
    await test.db.user.update({ where: { id: altered }, data: { totpSecret: tampered } });
    const secret = crypto.randomBytes(20);
    await test.db.user.update({ where: { id: fine }, data: { totpSecret: sealTotpSecret(before, secret, fine) } });
    const unknownValue = (await test.db.user.findUniqueOrThrow({ where: { id: unknown } })).totpSecret!;

    const result = await run(["keys", "rotate"], during);
    expect(result.code).toBe(EXIT.notDone);
    expect(result.err).toContain("Could not open 2 values");
    expect(result.err).toContain(`User.totpSecret of row ${unknown}: its key id "k0" is in neither`);
    expect(result.err).toContain(`User.totpSecret of row ${altered}: it does not open with its key`);
    for (const value of [unknownValue, tampered]) {
      expect(result.out + result.err).not.toContain(value.split(".")[3]);
    }
    expect(result.out).toContain("Key ids in use that this keyring does not know (those values cannot be opened): k0.");
    // The good row moved on; the bad ones are as they were.
    const rows = await test.db.user.findMany({ where: { id: { in: ids } }, select: { id: true, totpSecret: true } });
    const byId = new Map(rows.map((r) => [r.id, r.totpSecret]));
    expect(openTotpSecret(after, byId.get(fine)!, fine).equals(secret)).toBe(true);
    expect(byId.get(unknown)).toBe(unknownValue);
    expect(byId.get(altered)).toBe(tampered);
    const audit = await test.db.auditEvent.findFirstOrThrow({ where: { organisationId: organisation.id, type: "keys.rotated" } });
    expect(JSON.parse(audit.detail!)).toMatchObject({ resealed: 1, unreadable: 2 });

    const status = await keyStatus({ db: test.db, keyring: during });
    expect(status.previousKeysUnused).toBe(false);
    expect(status.columns[0]).toMatchObject({ older: { k0: 1, k1: 1 } });
    // Clean up so the other tests' counts are their own.
    await test.db.user.updateMany({ where: { id: { in: [unknown, altered] } }, data: { totpSecret: null } });
  });

  it("never overwrites a secret that changed between its read and its write: the new one is re-read and kept", async () => {
    const { ids } = await newOrganisation(4);
    const [reEnrolledOld, reEnrolledNew, ...rest] = ids as [string, string, ...string[]];
    for (const id of ids) await test.db.user.update({ where: { id }, data: { totpSecret: sealTotpSecret(before, crypto.randomBytes(20), id) } });
    const changedOld = crypto.randomBytes(20);
    const changedNew = crypto.randomBytes(20);
    const writtenByNewInstance = sealTotpSecret(during, changedNew, reEnrolledNew);
    // During the rotation, one user re-enrols on an instance still sealing with k1, another on one with k2.
    const db = interleaved(
      test.db,
      new Map([
        [
          reEnrolledOld,
          () =>
            test.db.user
              .update({ where: { id: reEnrolledOld }, data: { totpSecret: sealTotpSecret(before, changedOld, reEnrolledOld) } })
              .then(() => {}),
        ],
        [reEnrolledNew, () => test.db.user.update({ where: { id: reEnrolledNew }, data: { totpSecret: writtenByNewInstance } }).then(() => {})],
      ]),
    );

    const result = await rotateSealedValues({ db, keyring: during, operator, batchSize: 2, now: start });
    expect(result).toMatchObject({ unreadable: [], busy: 0 });
    const secretOf = async (id: string) => (await test.db.user.findUniqueOrThrow({ where: { id } })).totpSecret!;
    expect(openTotpSecret(after, await secretOf(reEnrolledOld), reEnrolledOld).equals(changedOld)).toBe(true);
    expect(await secretOf(reEnrolledNew)).toBe(writtenByNewInstance);
    for (const id of rest) expect(await secretOf(id)).toMatch(/^v1\.k2\./);
    expect((await keyStatus({ db: test.db, keyring: during })).previousKeysUnused).toBe(true);
  });

  it("refuses a bad --batch-size and a missing key with a sentence", async () => {
    expect((await run(["keys", "rotate", "--batch-size", "0"], during)).err).toContain("Give --batch-size as a whole number of rows, 1 to 10000.");
    expect((await run(["keys", "rotate", "--batch-size", "lots"], during)).code).toBe(EXIT.usage);
    let err = "";
    const code = await runOperatorCommand({
      argv: ["keys", "status"],
      stdin: Readable.from([]),
      stdout: textSink(() => {}),
      stderr: textSink((text) => (err += text)),
      openDb: () => createDb(test.url),
      keyring: () => keyringFromEnv({}),
      operator: () => operator,
      now: () => start,
    });
    expect(code).toBe(EXIT.notDone);
    expect(err).toBe("TWOFOLD_ENCRYPTION_KEY is not set. Nothing was changed.\n");
  });
});
