import "server-only";
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { auditedAuthor, recordAudit, type OperatorIdentity } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { accountKey } from "@/lib/auth/password-throttle";
import { createUserUnderPolicy, DUPLICATE_EMAIL, type CreatedUser } from "@/lib/admin/add-user";
import { ID_BATCH } from "@/lib/admin/bulk-two-factor";

export type CreateOrganisationResult =
  | { ok: true; organisation: { id: string; slug: string; name: string }; admin: CreatedUser }
  | { ok: false; reason: "slug-taken" | "email-taken"; message: string };

/**
 * A new organisation with the defaults every organisation starts with (Standard login, no 2FA
 * policy, Access List off) and its first admin, created like any user; both audited in it.
 */
export async function createOrganisation(options: {
  db: Db;
  slug: string;
  name: string;
  admin: { email: string; name: string; password: string };
  operator: OperatorIdentity;
  now: Date;
}): Promise<CreateOrganisationResult> {
  const { db, slug, name, admin, operator, now } = options;
  const passwordHash = await hashPassword(admin.password);
  try {
    return await db.$transaction(async (tx) => {
      const organisation = await tx.organisation.create({ data: { slug, name, createdAt: now }, select: { id: true, slug: true, name: true } });
      await recordAudit(tx, {
        organisationId: organisation.id,
        type: "organisation.created",
        ...auditedAuthor({ operator }, { slug, name }),
        at: now,
      });
      const created = await createUserUnderPolicy(tx, {
        organisationId: organisation.id,
        user: { email: admin.email, name: admin.name, role: "ADMIN" },
        passwordHash,
        operator,
        now,
      });
      return { ok: true as const, organisation, admin: created };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      // Which unique field it was: the slug is checked again rather than trusting the driver's target.
      const slugTaken = await db.organisation.count({ where: { slug } });
      return slugTaken
        ? { ok: false, reason: "slug-taken", message: `An organisation with the slug "${slug}" already exists.` }
        : { ok: false, reason: "email-taken", message: DUPLICATE_EMAIL };
    }
    throw error;
  }
}

/** An organisation by slug, for the operator commands that act inside it. */
export function findOrganisationBySlug(db: Db, slug: string): Promise<{ id: string; slug: string; name: string } | null> {
  return db.organisation.findUnique({ where: { slug }, select: { id: true, slug: true, name: true } });
}

export interface OrganisationOverview {
  id: string;
  slug: string;
  name: string;
  users: number;
  sessions: number;
  accessListEntries: number;
  auditEvents: number;
}

/** What deleting an organisation would take with it, shown to the operator before they confirm. */
export async function loadOrganisationOverview(db: Db, slug: string): Promise<OrganisationOverview | null> {
  const organisation = await db.organisation.findUnique({
    where: { slug },
    select: { id: true, slug: true, name: true, _count: { select: { users: true, sessions: true, accessListEntries: true, auditEvents: true } } },
  });
  if (!organisation) return null;
  const { _count, ...rest } = organisation;
  return { ...rest, ..._count };
}

/**
 * Deletes an organisation and everything in it: users, sessions, backup codes, Access List and
 * audit log go by cascade, and its users' password-throttle rows here. Nothing is audited in it
 * (its log goes with it); the command tells the operator what went. False if it was already gone.
 */
export async function deleteOrganisation(options: { db: Db; organisationId: string }): Promise<boolean> {
  const { db, organisationId } = options;
  return db.$transaction(
    async (tx) => {
      const users = await tx.user.findMany({ where: { organisationId }, select: { email: true } });
      for (let start = 0; start < users.length; start += ID_BATCH) {
        const keys = users.slice(start, start + ID_BATCH).map((user) => accountKey(user.email));
        await tx.rateLimit.deleteMany({ where: { key: { in: keys } } });
      }
      const { count } = await tx.organisation.deleteMany({ where: { id: organisationId } });
      return count === 1;
    },
    { timeout: 60_000 },
  );
}
