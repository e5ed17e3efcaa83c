import { parseCidr } from "@/lib/access-list/cidr";
import { compileCidrs, type IpMatcher } from "@/lib/access-list/matcher";
import { normaliseIp } from "@/lib/access-list/ip-address";

/** TRUSTED_PROXIES: comma-separated addresses or CIDR ranges of the proxies in front of the app. */
export function trustedProxiesFrom(value: string | undefined): { matcher: IpMatcher; invalid: string[] } {
  const items = (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  return { matcher: compileCidrs(items), invalid: items.filter((item) => !parseCidr(item).ok) };
}

/**
 * DESIGN §2: the client is the TCP peer, unless the peer is a trusted proxy; then the
 * right-most X-Forwarded-For entry that is not itself a trusted proxy. Every other
 * forwarding header (X-Real-IP, Forwarded, True-Client-IP, CF-Connecting-IP) is ignored,
 * and so is X-Forwarded-For from anyone but a trusted proxy.
 */
export function resolveClientIp(options: { peer: string; forwardedFor: string | string[] | undefined; trusted: IpMatcher }): string {
  const peer = normaliseIp(options.peer) ?? options.peer;
  if (!options.trusted.contains(peer)) return peer;
  const header = Array.isArray(options.forwardedFor) ? options.forwardedFor.join(",") : (options.forwardedFor ?? "");
  const hops = header
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseIp(hops[i]!);
    // A hop that is not an address means a damaged chain: it matches no Access List entry.
    if (hop === null) return hops[i]!;
    if (!options.trusted.contains(hop)) return hop;
  }
  return peer;
}
