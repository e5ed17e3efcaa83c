import { containsIgnoringCase, type DbOrTransaction } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { roleFilterWhere } from "@/lib/admin/user-role";
import { statusFilterWhere } from "@/lib/two-factor/status";
import type { UserFilter } from "@/lib/validations/admin";

/**
 * The users of one organisation matching a search, a status filter and a role filter. Every admin
 * query and bulk action starts from this, so the organisation bound is never forgotten.
 */
export function userFilterWhere(options: {
  db: Pick<DbOrTransaction, "dialect">;
  organisationId: string;
  filter: UserFilter;
  now: Date;
}): Prisma.UserWhereInput {
  const { filter, now } = options;
  const and: Prisma.UserWhereInput[] = [{ organisationId: options.organisationId }];
  if (filter.q) {
    const contains = containsIgnoringCase(options.db, filter.q);
    and.push({ OR: [{ name: contains }, { email: contains }] });
  }
  // Any of the chosen statuses (none chosen: no condition).
  const statuses = filter.status.map((status) => statusFilterWhere(status, now)).filter((where) => where !== null);
  if (statuses.length > 0) and.push({ OR: statuses });
  const role = roleFilterWhere(filter.role);
  if (role) and.push(role);
  return { AND: and };
}
