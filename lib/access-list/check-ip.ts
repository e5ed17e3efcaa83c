import "server-only";
import type { Db } from "@/lib/db";
import { normaliseIp } from "@/lib/access-list/ip-address";
import { loadAccessList, type AccessListEntryView } from "@/lib/access-list/manage-access-list";
import { firstMatchingEntry } from "@/lib/access-list/matcher";

export interface IpVerdict {
  /** The address in canonical form. */
  ip: string;
  enabled: boolean;
  allowed: boolean;
  /** The first entry that lets it in, if any. */
  entry: AccessListEntryView | null;
}

export type IpCheck = { ok: true; verdict: IpVerdict } | { ok: false; reason: "invalid-ip" };

/** "Check an IP": would the organisation's Access List let this address in, and by which entry? */
export async function checkIp(options: { db: Db; organisationId: string; ip: string }): Promise<IpCheck> {
  const ip = normaliseIp(options.ip);
  if (!ip) return { ok: false, reason: "invalid-ip" };
  const list = await loadAccessList(options.db, options.organisationId);
  const entry = firstMatchingEntry(list.entries, ip);
  return { ok: true, verdict: { ip, enabled: list.enabled, allowed: !list.enabled || entry !== null, entry } };
}
