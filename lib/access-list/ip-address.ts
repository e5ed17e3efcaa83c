// IP addresses as fixed-width keys that sort like the addresses themselves:
// IPv4 as a number (0 .. 2^32-1), IPv6 as 32 lowercase hex digits (compared as strings).
// No BigInt and no allocation-heavy parsing on the hot path: the Access List checks one
// address per request.

export type IpVersion = 4 | 6;

export type IpKey = { version: 4; key: number } | { version: 6; key: string };

const IPV4_PART = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function parseIpv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!IPV4_PART.test(part)) return null;
    value = value * 256 + Number(part);
  }
  return value;
}

/** 32 hex digits for an IPv6 address (with :: and a trailing dotted IPv4 allowed), or null. */
export function parseIpv6(text: string): string | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.length > 45) return null;
  let head = text;
  let tailGroups: string[] = [];
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".")) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    head = text.slice(0, lastColon + 1) + "0:0"; // placeholder groups, replaced below
    tailGroups = [((v4 >>> 16) & 0xffff).toString(16), (v4 & 0xffff).toString(16)];
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const toGroups = (half: string) => (half === "" ? [] : half.split(":"));
  const left = toGroups(halves[0]!);
  const right = halves.length === 2 ? toGroups(halves[1]!) : [];
  const given = left.length + right.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const groups = [...left, ...Array<string>(8 - given).fill("0"), ...right];
  if (tailGroups.length) groups.splice(6, 2, ...tailGroups);
  let hex = "";
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    hex += group.toLowerCase().padStart(4, "0");
  }
  return hex;
}

/**
 * Any textual address as its key. An IPv4-mapped IPv6 address (::ffff:a.b.c.d, as a
 * dual-stack socket reports IPv4 clients) becomes the IPv4 address it carries.
 */
export function parseIp(text: string): IpKey | null {
  const trimmed = text.trim();
  if (trimmed.includes(":")) {
    const hex = parseIpv6(trimmed.startsWith("[") && trimmed.endsWith("]") ? trimmed.slice(1, -1) : trimmed);
    if (hex === null) return null;
    if (hex.startsWith("00000000000000000000ffff")) return { version: 4, key: parseInt(hex.slice(24), 16) };
    return { version: 6, key: hex };
  }
  const v4 = parseIpv4(trimmed);
  return v4 === null ? null : { version: 4, key: v4 };
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run of zero groups as "::". */
export function formatIpv6(hex: string): string {
  const groups = Array.from({ length: 8 }, (_, i) => parseInt(hex.slice(i * 4, i * 4 + 4), 16).toString(16));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(":");
  return `${groups.slice(0, bestStart).join(":")}::${groups.slice(bestStart + bestLength).join(":")}`;
}

export function formatIp(ip: IpKey): string {
  return ip.version === 4 ? formatIpv4(ip.key) : formatIpv6(ip.key);
}

/** The canonical text of an address ("::ffff:10.0.0.1" → "10.0.0.1"), or null if it is none. */
export function normaliseIp(text: string): string | null {
  const ip = parseIp(text);
  return ip ? formatIp(ip) : null;
}
