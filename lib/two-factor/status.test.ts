import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { HARD_LOCK_THRESHOLD, SOFT_LOCK_THRESHOLD } from "@/lib/two-factor/lock-thresholds";
import type { StoredTwoFactorStatus } from "./status";
import {
  STATUS_FILTERS,
  TWO_FACTOR_STATUSES,
  lockState,
  statusFilterLabel,
  statusFilterWhere,
  twoFactorStatusLabel,
  twoFactorStatusTone,
  userTwoFactorStatus,
} from "./status";

const now = new Date("2030-05-01T12:00:00Z");
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
const user = (twoFactorStatus: StoredTwoFactorStatus, twoFactorFailures = 0, twoFactorLockedUntil: Date | null = null) => ({
  twoFactorStatus,
  twoFactorFailures,
  twoFactorLockedUntil,
});

describe("the 2FA status and its projections", () => {
  it("labels and tones every status, and the filter adds only 'all'", () => {
    expect(TWO_FACTOR_STATUSES.map(twoFactorStatusLabel)).toEqual(["Off", "Required", "Active", "Locked"]);
    expect(TWO_FACTOR_STATUSES.map(twoFactorStatusTone)).toEqual(["neutral", "warning", "success", "danger"]);
    expect(STATUS_FILTERS.map(statusFilterLabel)).toEqual(["All statuses", "Off", "Required", "Active", "Locked"]);
  });

  it("is the stored status unless a lock is in force", () => {
    expect(userTwoFactorStatus(user("OFF"), now)).toBe("off");
    expect(userTwoFactorStatus(user("REQUIRED"), now)).toBe("required");
    expect(userTwoFactorStatus(user("ACTIVE", SOFT_LOCK_THRESHOLD - 1), now)).toBe("active");
    expect(userTwoFactorStatus(user("ACTIVE", SOFT_LOCK_THRESHOLD, minutes(15)), now)).toBe("locked");
    expect(userTwoFactorStatus(user("ACTIVE", SOFT_LOCK_THRESHOLD, minutes(-1)), now)).toBe("active");
    expect(userTwoFactorStatus(user("ACTIVE", HARD_LOCK_THRESHOLD), now)).toBe("locked");
    expect(lockState(user("ACTIVE", HARD_LOCK_THRESHOLD), now)).toEqual({ kind: "locked-by-admin" });
    expect(lockState(user("ACTIVE", SOFT_LOCK_THRESHOLD, minutes(15)), now)).toEqual({ kind: "locked", until: minutes(15) });
  });
});

describe("the status filter in SQL", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.dispose());

  it("keeps exactly the users whose derived status it names", async () => {
    const { organisation } = await createOrganisationWithUsers(test.db, "status");
    const cases = [
      user("OFF"),
      user("REQUIRED"),
      user("ACTIVE"),
      user("ACTIVE", 2),
      user("ACTIVE", SOFT_LOCK_THRESHOLD, minutes(15)),
      user("ACTIVE", SOFT_LOCK_THRESHOLD, minutes(-1)),
      user("ACTIVE", SOFT_LOCK_THRESHOLD, now),
      user("REQUIRED", HARD_LOCK_THRESHOLD),
      user("OFF", HARD_LOCK_THRESHOLD + 3, minutes(-60)),
    ];
    await test.db.user.createMany({
      data: cases.map((fields, i) => ({
        organisationId: organisation.id,
        email: `case${i}@status.test`,
        name: `case ${i}`,
        passwordHash: "x",
        ...fields,
      })),
    });
    const users = await test.db.user.findMany({
      where: { organisationId: organisation.id },
      select: { id: true, twoFactorStatus: true, twoFactorFailures: true, twoFactorLockedUntil: true },
    });
    for (const filter of STATUS_FILTERS) {
      const where = statusFilterWhere(filter, now);
      const found = await test.db.user.findMany({ where: { AND: [{ organisationId: organisation.id }, where ?? {}] }, select: { id: true } });
      const expected = users.filter((u) => filter === "all" || userTwoFactorStatus(u, now) === filter).map((u) => u.id);
      expect(found.map((u) => u.id).sort(), filter).toEqual(expected.sort());
    }
  });
});
