import { formatIpv4, formatIpv6, parseIp, type IpKey } from "@/lib/access-list/ip-address";

/** An address range: every address from `first` to `last`, inclusive. */
export type IpRange = { version: 4; first: number; last: number; prefix: number } | { version: 6; first: string; last: string; prefix: number };

export type CidrParse = { ok: true; range: IpRange; canonical: string } | { ok: false; message: string };

/**
 * Reads "10.0.0.0/8", "2001:db8::/32" or a single address (a /32 or /128). Host bits
 * below the prefix are cleared ("10.1.2.3/8" is "10.0.0.0/8"), IPv4-mapped IPv6 becomes
 * IPv4, and the result is written canonically. Ranges covering everything are refused:
 * switching the list off says that more plainly.
 */
export function parseCidr(input: string): CidrParse {
  const text = input.trim();
  if (!text) return { ok: false, message: "Enter an IP address or a CIDR range, e.g. 203.0.113.0/24." };
  const [addressText, prefixText, ...rest] = text.split("/");
  if (rest.length) return { ok: false, message: `"${text}" is not an IP address or CIDR range.` };
  const address = parseIp(addressText!);
  if (!address) return { ok: false, message: `"${addressText}" is not a valid IPv4 or IPv6 address.` };
  const mappedV6 = address.version === 4 && addressText!.includes(":");
  const bits = address.version === 4 ? 32 : 128;

  let prefix = bits;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return { ok: false, message: `The prefix length "/${prefixText}" is not a number.` };
    prefix = Number(prefixText);
    // An IPv4-mapped range is written against 128 bits: ::ffff:10.0.0.0/104 is 10.0.0.0/8.
    if (mappedV6) {
      if (prefix < 96 || prefix > 128) return { ok: false, message: "An IPv4-mapped range needs a prefix length between /96 and /128." };
      prefix -= 96;
    } else if (prefix > bits) {
      return { ok: false, message: `The prefix length must be between /1 and /${bits} for an IPv${address.version} range.` };
    }
  }
  if (prefix === 0) {
    return { ok: false, message: "A range that allows every address is not allowed. Turn the Access List off instead." };
  }
  const range = rangeOf(address, prefix);
  const canonicalAddress = range.version === 4 ? formatIpv4(range.first) : formatIpv6(range.first);
  return { ok: true, range, canonical: prefix === bits ? canonicalAddress : `${canonicalAddress}/${prefix}` };
}

function rangeOf(address: IpKey, prefix: number): IpRange {
  if (address.version === 4) {
    const size = 2 ** (32 - prefix);
    const first = Math.floor(address.key / size) * size;
    return { version: 4, first, last: first + size - 1, prefix };
  }
  // Work on the hex digits: full digits are kept, the partial one is masked, the rest zeroed / set.
  const full = Math.floor(prefix / 4);
  const partialBits = prefix % 4;
  let first = address.key.slice(0, full);
  let last = first;
  if (full < 32) {
    const digit = parseInt(address.key[full]!, 16);
    const mask = (0xf << (4 - partialBits)) & 0xf;
    first += (digit & mask).toString(16);
    last += ((digit & mask) | (~mask & 0xf)).toString(16);
    first = first.padEnd(32, "0");
    last = last.padEnd(32, "f");
  }
  return { version: 6, first, last, prefix };
}

export function rangeContains(range: IpRange, ip: IpKey): boolean {
  return range.version === ip.version && range.first <= ip.key && ip.key <= range.last;
}

/** Entries broader than these prefixes are allowed only when the admin confirms them. */
export const BROAD_PREFIX = { 4: 8, 6: 32 } as const;

export function isBroadRange(range: IpRange): boolean {
  return range.prefix < BROAD_PREFIX[range.version];
}

/** How many addresses a range covers, in words: exact up to 2^32, then as a power of two. */
export function describeRangeSize(range: IpRange): string {
  const hostBits = (range.version === 4 ? 32 : 128) - range.prefix;
  const count = 2 ** hostBits;
  if (hostBits <= 32) return `${count.toLocaleString("en")} ${count === 1 ? "address" : "addresses"}`;
  const [mantissa, exponent] = count.toExponential(1).split("e+");
  return `2^${hostBits} addresses (about ${mantissa} × 10^${exponent})`;
}
