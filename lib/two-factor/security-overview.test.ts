import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { HARD_LOCK_THRESHOLD } from "./lock-thresholds";
import { loadSecurityOverview } from "./security-overview";

let test: TestDatabase;
let userId: string;
const now = new Date("2030-08-01T12:00:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
  userId = (await createOrganisationWithUsers(test.db, "overview")).member.id;
});
afterAll(() => test.dispose());

const set = (data: Prisma.UserUpdateInput) => test.db.user.update({ where: { id: userId }, data });

describe("what the security settings and the grace banner read", () => {
  it("shows the status (Locked included), whether the user is enrolled and their unused backup codes", async () => {
    expect(await loadSecurityOverview({ db: test.db, userId, now })).toEqual({
      status: "off",
      enrolled: false,
      unusedBackupCodes: 0,
      methods: { app: false, passkeys: 0 },
    });

    await set({ twoFactorStatus: "ACTIVE" });
    await test.db.backupCode.createMany({
      data: [
        { userId, codeHash: "a", active: true },
        { userId, codeHash: "b", active: true, usedAt: now },
        { userId, codeHash: "c", active: false },
      ],
    });
    // Enrolled with a passkey only (no app secret): Active, with its method.
    await test.db.webAuthnCredential.create({
      data: {
        userId,
        organisationId: (await test.db.user.findUniqueOrThrow({ where: { id: userId } })).organisationId,
        credentialId: "c1",
        publicKey: "pk",
        name: "Laptop",
        createdAt: now,
      },
    });
    expect(await loadSecurityOverview({ db: test.db, userId, now })).toEqual({
      status: "active",
      enrolled: true,
      unusedBackupCodes: 1,
      methods: { app: false, passkeys: 1 },
    });

    await set({ twoFactorFailures: HARD_LOCK_THRESHOLD });
    expect(await loadSecurityOverview({ db: test.db, userId, now })).toMatchObject({ status: "locked", enrolled: true, unusedBackupCodes: 1 });
  });
});
