import "server-only";
import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { auditedAuthor, recordAudit, type AuditActor, type AuditType, type OperatorIdentity } from "@/lib/audit";
import { BROAD_PREFIX, describeRangeSize, isBroadRange, parseCidr } from "@/lib/access-list/cidr";
import { normaliseIp } from "@/lib/access-list/ip-address";
import { compileCidrs } from "@/lib/access-list/matcher";
import { accessListChangeInWords, changedBy, type AccessListChangeWords } from "@/lib/mail/notices";
import { queueEmailToAdmins } from "@/lib/mail/outbox";

export interface AccessListEntryView {
  id: string;
  cidr: string;
  description: string;
}

export interface AccessListView {
  enabled: boolean;
  entries: AccessListEntryView[];
}

export async function loadAccessList(db: Db, organisationId: string): Promise<AccessListView> {
  const organisation = await db.organisation.findUniqueOrThrow({
    where: { id: organisationId },
    select: {
      accessListEnabled: true,
      accessListEntries: { select: { id: true, cidr: true, description: true }, orderBy: { createdAt: "asc" } },
    },
  });
  return { enabled: organisation.accessListEnabled, entries: organisation.accessListEntries };
}

export type AccessListChange =
  | { kind: "add"; cidr: string; description: string; confirmBroad?: boolean }
  | { kind: "update"; id: string; cidr: string; description: string; confirmBroad?: boolean }
  | { kind: "remove"; id: string }
  | { kind: "switch"; enabled: boolean };

export type AccessListResult = { ok: true } | { ok: false; field?: "cidr" | "confirmBroad"; message: string };

const AUDIT: Record<AccessListChange["kind"], (change: AccessListChange) => AuditType> = {
  add: () => "access_list.entry_added",
  update: () => "access_list.entry_updated",
  remove: () => "access_list.entry_removed",
  switch: (change) => (change.kind === "switch" && change.enabled ? "access_list.enabled" : "access_list.disabled"),
};

/**
 * Applies one admin change to the Access List. Entries are validated and stored in
 * canonical form; duplicates are refused; a range broader than /8 (IPv4) or /32 (IPv6)
 * needs `confirmBroad` (unless an update keeps the range it had); and a change that would
 * leave the list on without the admin's own current address is refused (self-lockout guard).
 */
export async function changeAccessList(options: {
  db: Db;
  organisationId: string;
  change: AccessListChange;
  actor: AuditActor;
  /** The admin's current address, as the server established it. */
  ip: string;
  now: Date;
}): Promise<AccessListResult> {
  const { db, organisationId, change, actor, ip } = options;
  let parsed: Extract<ReturnType<typeof parseCidr>, { ok: true }> | undefined;
  if (change.kind === "add" || change.kind === "update") {
    const result = parseCidr(change.cidr);
    if (!result.ok) return { ok: false, field: "cidr", message: result.message };
    parsed = result;
  }
  const canonical = parsed?.canonical;

  const current = await loadAccessList(db, organisationId);
  const existing = change.kind === "update" || change.kind === "remove" ? current.entries.find((entry) => entry.id === change.id) : undefined;
  if ((change.kind === "update" || change.kind === "remove") && !existing) {
    return { ok: false, message: "That entry no longer exists. Reload the page." };
  }
  // An update that keeps its (already confirmed) range does not ask again.
  const broad = parsed && isBroadRange(parsed.range) && canonical !== existing?.cidr ? parsed.range : null;
  const confirmedBroad = (change.kind === "add" || change.kind === "update") && change.confirmBroad === true;
  if (broad && !confirmedBroad) {
    return {
      ok: false,
      field: "confirmBroad",
      message:
        `${canonical} covers ${describeRangeSize(broad)}, more than a /${BROAD_PREFIX[broad.version]}. ` +
        "Confirm that you mean to allow this whole range, then save again.",
    };
  }
  const others = change.kind === "add" ? current.entries : current.entries.filter((entry) => change.kind === "switch" || entry.id !== change.id);
  if (canonical && others.some((entry) => entry.cidr === canonical)) {
    return { ok: false, field: "cidr", message: `${canonical} is already on the Access List.` };
  }
  const after = [...others.map((entry) => entry.cidr), ...(canonical ? [canonical] : [])];
  const enabledAfter = change.kind === "switch" ? change.enabled : current.enabled;
  if (enabledAfter && !compileCidrs(after).contains(ip)) {
    return {
      ok: false,
      ...(change.kind === "add" || change.kind === "update" ? { field: "cidr" as const } : {}),
      message: `This would block your current IP address ${normaliseIp(ip) ?? ip}. Add it, or a range that contains it, first.`,
    };
  }

  try {
    await db.$transaction(async (tx) => {
      if (change.kind === "add") {
        await tx.accessListEntry.create({ data: { organisationId, cidr: canonical!, description: change.description, createdById: actor.id } });
      } else if (change.kind === "update") {
        await tx.accessListEntry.update({ where: { id: change.id, organisationId }, data: { cidr: canonical!, description: change.description } });
      } else if (change.kind === "remove") {
        await tx.accessListEntry.delete({ where: { id: change.id, organisationId } });
      }
      await tx.organisation.update({
        where: { id: organisationId },
        data: { accessListEnabled: enabledAfter, accessListVersion: { increment: 1 } },
      });
      await recordAudit(tx, {
        organisationId,
        type: AUDIT[change.kind](change),
        actor,
        ip,
        detail: canonical
          ? { cidr: canonical, ...(broad ? { broadRangeConfirmed: true } : {}) }
          : change.kind === "remove"
            ? { cidr: existing?.cidr }
            : undefined,
        at: options.now,
      });
      await queueEmailToAdmins(
        tx,
        {
          template: "admin-access-list-changed",
          organisationId,
          data: { change: inWords(change, canonical, existing), by: changedBy({ actor, ip }) },
        },
        { now: options.now },
      );
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { ok: false, field: "cidr", message: `${canonical} is already on the Access List.` };
    }
    throw error;
  }
  return { ok: true };
}

/** The change as the admins' email says it, with ranges in canonical form. */
function inWords(change: AccessListChange, canonical: string | undefined, existing: AccessListEntryView | undefined): string {
  const words: AccessListChangeWords =
    change.kind === "add"
      ? { kind: "add", cidr: canonical!, description: change.description }
      : change.kind === "update"
        ? { kind: "update", before: existing!, after: { cidr: canonical!, description: change.description } }
        : change.kind === "remove"
          ? { kind: "remove", cidr: existing!.cidr, description: existing!.description }
          : change;
  return accessListChangeInWords(words);
}

export interface OperatorAccessListView {
  id: string;
  slug: string;
  name: string;
  enabled: boolean;
  entryCount: number;
}

/** What the break-glass would change, shown to the operator before they confirm. */
export async function loadAccessListForOperator(db: Db, organisationSlug: string): Promise<OperatorAccessListView | null> {
  const organisation = await db.organisation.findUnique({
    where: { slug: organisationSlug },
    select: { id: true, slug: true, name: true, accessListEnabled: true, _count: { select: { accessListEntries: true } } },
  });
  if (!organisation) return null;
  const { _count, accessListEnabled, ...rest } = organisation;
  return { ...rest, enabled: accessListEnabled, entryCount: _count.accessListEntries };
}

/**
 * Break-glass for an operator: switch the list off for an organisation that locked itself
 * out, auditing who did it, from where and why. Entries are kept. A list that is already
 * off is left alone and nothing is audited (`changed: false`).
 */
export async function disableAccessListAsOperator(options: {
  db: Db;
  organisationSlug: string;
  operator: OperatorIdentity;
  reason: string;
  now: Date;
}): Promise<{ organisation: { id: string; name: string }; changed: boolean } | null> {
  const organisation = await options.db.organisation.findUnique({ where: { slug: options.organisationSlug }, select: { id: true, name: true } });
  if (!organisation) return null;
  const changed = await options.db.$transaction(async (tx) => {
    // Conditional, so two operators racing audit one change, not two.
    const { count } = await tx.organisation.updateMany({
      where: { id: organisation.id, accessListEnabled: true },
      data: { accessListEnabled: false, accessListVersion: { increment: 1 } },
    });
    if (count === 0) return false;
    await recordAudit(tx, {
      organisationId: organisation.id,
      type: "access_list.disabled_by_operator",
      ...auditedAuthor({ operator: options.operator, reason: options.reason }),
      at: options.now,
    });
    await queueEmailToAdmins(
      tx,
      {
        template: "admin-access-list-changed",
        organisationId: organisation.id,
        data: { change: accessListChangeInWords({ kind: "break-glass", reason: options.reason }), by: changedBy({ operator: options.operator }) },
      },
      { now: options.now },
    );
    return true;
  });
  return { organisation, changed };
}
