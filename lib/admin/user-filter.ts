import { containsIgnoringCase, type DbOrTransaction } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { statusFilterWhere } from "@/lib/two-factor/status";
import type { UserFilter } from "@/lib/validations/admin";

/**
 * The users of one organisation matching a search and a status filter. Every admin
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
  const status = statusFilterWhere(filter.status, now);
  if (status) and.push(status);
  return { AND: and };
}
