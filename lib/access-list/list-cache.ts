// Plain Node (server.ts's gate and the app's session layer both load it): each
// organisation's Access List, compiled, once per process. Entries are loaded only when
// an organisation's list version changes; the version itself comes with a read the
// caller makes anyway (the gate's poll, the session-record read), so checking an
// address costs no query.
import type { Db } from "@/lib/db";
import { compileCidrs, type IpMatcher } from "@/lib/access-list/matcher";

export interface CachedAccessList {
  version: number;
  enabled: boolean;
  name: string;
  matcher: IpMatcher;
}

export interface OrganisationListState {
  id: string;
  name: string;
  accessListEnabled: boolean;
  accessListVersion: number;
}

const KEY = Symbol.for("twofold.accessLists");
const holder = globalThis as unknown as Record<symbol, Map<string, CachedAccessList> | undefined>;
const lists: Map<string, CachedAccessList> = (holder[KEY] ??= new Map());

/** The one rule: may a request from `ip` act for an organisation with this list? */
export function accessListAllows(list: Pick<CachedAccessList, "enabled" | "matcher"> | undefined, ip: string): boolean {
  return !list?.enabled || list.matcher.contains(ip);
}

/** What this process last loaded for an organisation (the gate's view, refreshed by its poll). */
export function cachedAccessList(organisationId: string): CachedAccessList | undefined {
  return lists.get(organisationId);
}

/** The organisation's list at (at least) the given version, loading its entries only when the version moved. */
export async function accessListAt(db: Db, organisation: OrganisationListState): Promise<CachedAccessList> {
  const known = lists.get(organisation.id);
  if (known && known.version >= organisation.accessListVersion && known.enabled === organisation.accessListEnabled) return known;
  const entries = await db.accessListEntry.findMany({ where: { organisationId: organisation.id }, select: { cidr: true } });
  const list: CachedAccessList = {
    version: organisation.accessListVersion,
    enabled: organisation.accessListEnabled,
    name: organisation.name,
    matcher: compileCidrs(entries.map((entry) => entry.cidr)),
  };
  const latest = lists.get(organisation.id);
  if (!latest || latest.version <= list.version) lists.set(organisation.id, list);
  return list;
}

/** Reloads every organisation whose list changed since this process last looked (one small query). */
export async function refreshAccessLists(db: Db): Promise<void> {
  const organisations = await db.organisation.findMany({
    select: { id: true, name: true, accessListEnabled: true, accessListVersion: true },
  });
  for (const organisation of organisations) await accessListAt(db, organisation);
}
