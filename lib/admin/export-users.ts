import "server-only";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role, TwoFactorStatus } from "@/lib/generated/prisma/enums";
import { recordAudit } from "@/lib/audit";
import { csvRow } from "@/lib/csv";
import { userActivity, type UserActivity } from "@/lib/admin/user-activity";
import { twoFactorMethodsOf } from "@/lib/admin/two-factor-methods";
import { NO_METHODS, twoFactorMethodsLabel, type TwoFactorMethods } from "@/lib/two-factor/methods";
import { userFilterWhere } from "@/lib/admin/user-filter";
import { storedRoleLabel } from "@/lib/admin/user-role";
import { twoFactorStatusLabel, userTwoFactorStatus } from "@/lib/two-factor/status";
import type { UserFilter } from "@/lib/validations/admin";

// Admin > Login and 2FA > Export CSV (issue 14 §6): the users table, with its current search
// and filters, every matching user (not just the page), in batches so 100,000 users never sit
// in memory at once.

export const USERS_CSV_HEADER = ["name", "email", "role", "2FA status", "method", "enrolled at", "last login", "trusted browsers", "active sessions"];

/** What one row of the export is made from. */
export interface ExportedUser extends UserActivity {
  name: string;
  email: string;
  role: Role;
  twoFactorStatus: TwoFactorStatus;
  twoFactorFailures: number;
  twoFactorLockedUntil: Date | null;
  twoFactorEnrolledAt: Date | null;
  lastLoginAt: Date | null;
  methods: TwoFactorMethods;
}

/**
 * One CSV line: the status as the table shows it (Off, Required, Active, Locked), the second
 * factors the user has set up ("Authenticator app, Passkey ×2"; empty for none), times in ISO 8601 UTC.
 * Names and emails go through csvField, so none can carry a spreadsheet formula.
 */
export function userCsvRow(user: ExportedUser, now: Date): string {
  const enrolled = user.twoFactorStatus === "ACTIVE";
  return csvRow([
    user.name,
    user.email,
    storedRoleLabel(user.role),
    twoFactorStatusLabel(userTwoFactorStatus(user, now)),
    twoFactorMethodsLabel(user.methods, "long"),
    enrolled ? (user.twoFactorEnrolledAt?.toISOString() ?? "") : "",
    user.lastLoginAt?.toISOString() ?? "",
    user.trustedBrowsers,
    user.activeSessions,
  ]);
}

const SELECT = {
  id: true,
  name: true,
  email: true,
  role: true,
  twoFactorStatus: true,
  twoFactorFailures: true,
  twoFactorLockedUntil: true,
  twoFactorEnrolledAt: true,
  lastLoginAt: true,
} as const satisfies Prisma.UserSelect;

/**
 * Starts an export: audited (users.exported, with how many users match now) before the first
 * byte, so a download cancelled halfway is on record too. Returns the CSV, produced a batch at
 * a time, by email.
 */
export async function exportUsers(options: {
  db: Db;
  admin: { id: string; email: string; organisationId: string };
  filter: UserFilter;
  ip: string;
  now: Date;
  batchSize?: number;
}): Promise<{ rows: number; csv: AsyncGenerator<string> }> {
  const { db, admin, now } = options;
  const where = userFilterWhere({ db, organisationId: admin.organisationId, filter: options.filter, now });
  const rows = await db.user.count({ where });
  await recordAudit(db, { organisationId: admin.organisationId, type: "users.exported", actor: admin, ip: options.ip, detail: { rows }, at: now });
  return { rows, csv: usersCsv(db, where, now, options.batchSize ?? 500) };
}

async function* usersCsv(db: Db, where: Prisma.UserWhereInput, now: Date, batchSize: number): AsyncGenerator<string> {
  yield csvRow(USERS_CSV_HEADER);
  let after: string | null = null;
  for (;;) {
    // Keyset on the email (unique): one range condition each database reads straight off the (organisation, email) index.
    const batch: Prisma.UserGetPayload<{ select: typeof SELECT }>[] = await db.user.findMany({
      where: after === null ? where : { AND: [where, { email: { gt: after } }] },
      orderBy: { email: "asc" },
      take: batchSize,
      select: SELECT,
    });
    if (batch.length === 0) return;
    const ids = batch.map((user) => user.id);
    const [activity, methods] = await Promise.all([userActivity(db, ids, now), twoFactorMethodsOf(db, ids)]);
    yield batch.map((user) => userCsvRow({ ...user, ...activity.get(user.id)!, methods: methods.get(user.id) ?? NO_METHODS }, now)).join("");
    after = batch.at(-1)!.email;
  }
}
