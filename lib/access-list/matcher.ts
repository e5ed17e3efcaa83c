import { parseCidr, type IpRange } from "@/lib/access-list/cidr";
import { fastIpv4, fastIpv6 } from "@/lib/access-list/fast-parse";
import { parseIp } from "@/lib/access-list/ip-address";

/**
 * A set of CIDR ranges compiled for fast membership tests: per IP version, the ranges
 * sorted and merged where they touch or overlap, then searched by bisection. With
 * 1,000 entries a check is about ten comparisons.
 */
export interface IpMatcher {
  contains(ip: string): boolean;
  readonly size: number;
}

type Bound<K> = { first: K; last: K };

function merge<K extends number | string>(ranges: Bound<K>[], adjacent: (last: K, first: K) => boolean): { firsts: K[]; lasts: K[] } {
  const sorted = [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const firsts: K[] = [];
  const lasts: K[] = [];
  for (const range of sorted) {
    const end = lasts.length - 1;
    if (end >= 0 && (range.first <= lasts[end]! || adjacent(lasts[end]!, range.first))) {
      if (range.last > lasts[end]!) lasts[end] = range.last;
    } else {
      firsts.push(range.first);
      lasts.push(range.last);
    }
  }
  return { firsts, lasts };
}

function within<K extends number | string>(firsts: K[], lasts: K[], key: K): boolean {
  // The last range starting at or before `key`, then whether it reaches it.
  let low = 0;
  let high = firsts.length - 1;
  let candidate = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (firsts[middle]! <= key) {
      candidate = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return candidate >= 0 && key <= lasts[candidate]!;
}

/** IPv6 bounds as 4 × 32-bit words per range, for comparisons without strings or BigInt. */
function toWords(hexes: string[]): Uint32Array {
  const words = new Uint32Array(hexes.length * 4);
  hexes.forEach((hex, i) => {
    for (let w = 0; w < 4; w++) words[i * 4 + w] = parseInt(hex.slice(w * 8, w * 8 + 8), 16);
  });
  return words;
}

/** Compares the range bound at `index` with the 4-word key: <0, 0 or >0. */
function compareWords(bounds: Uint32Array, index: number, key: Uint32Array): number {
  for (let w = 0; w < 4; w++) {
    const a = bounds[index * 4 + w]!;
    const b = key[w]!;
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}

function withinWords(firsts: Uint32Array, lasts: Uint32Array, key: Uint32Array): boolean {
  let low = 0;
  let high = firsts.length / 4 - 1;
  let candidate = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (compareWords(firsts, middle, key) <= 0) {
      candidate = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return candidate >= 0 && compareWords(lasts, candidate, key) >= 0;
}

export function compileRanges(ranges: IpRange[]): IpMatcher {
  const v4 = merge(
    ranges.filter((r): r is Extract<IpRange, { version: 4 }> => r.version === 4),
    (last, first) => first === last + 1,
  );
  const v6 = merge(
    ranges.filter((r): r is Extract<IpRange, { version: 6 }> => r.version === 6),
    () => false,
  );
  const v6Firsts = toWords(v6.firsts);
  const v6Lasts = toWords(v6.lasts);
  const key = new Uint32Array(4);
  return {
    size: ranges.length,
    contains(text: string) {
      // The hot path: addresses as sockets and X-Forwarded-For give them.
      if (text.indexOf(":") < 0) {
        const ip = fastIpv4(text);
        return ip >= 0 && within(v4.firsts, v4.lasts, ip);
      }
      const kind = fastIpv6(text, key);
      if (kind === "mapped") return within(v4.firsts, v4.lasts, key[3]!);
      return kind === "v6" && withinWords(v6Firsts, v6Lasts, key);
    },
  };
}

/** Compiles entries as stored (canonical CIDR text); an unreadable one is skipped, never widened. */
export function compileCidrs(cidrs: string[]): IpMatcher {
  const ranges: IpRange[] = [];
  for (const cidr of cidrs) {
    const parsed = parseCidr(cidr);
    if (parsed.ok) ranges.push(parsed.range);
  }
  return compileRanges(ranges);
}

/** For "Check an IP": the first entry containing the address (slow path, for the admin UI). */
export function firstMatchingEntry<E extends { cidr: string }>(entries: E[], ip: string): E | null {
  const key = parseIp(ip);
  if (!key) return null;
  for (const entry of entries) {
    const parsed = parseCidr(entry.cidr);
    if (parsed.ok && parsed.range.version === key.version && parsed.range.first <= key.key && key.key <= parsed.range.last) return entry;
  }
  return null;
}
