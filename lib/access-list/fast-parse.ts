// Allocation-free address parsers for the per-request Access List check. They accept
// exactly what ip-address.ts accepts (the unit tests compare them on every case), but
// read characters directly instead of splitting strings and running regular expressions.

/** IPv4 dotted quad to 0 .. 2^32-1, or -1. No leading zeros, no empty parts. */
export function fastIpv4(text: string, start = 0, end = text.length): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  let leadingZero = false;
  for (let i = start; i <= end; i++) {
    const code = i < end ? text.charCodeAt(i) : 46; // a final "." closes the last part
    if (code === 46) {
      if (digits === 0 || parts === 4) return -1;
      value = value * 256 + part;
      parts++;
      part = 0;
      digits = 0;
      leadingZero = false;
    } else if (code >= 48 && code <= 57) {
      if (leadingZero || digits === 3) return -1;
      if (digits === 0 && code === 48) leadingZero = true;
      part = part * 10 + (code - 48);
      if (part > 255) return -1;
      digits++;
    } else {
      return -1;
    }
  }
  return parts === 4 ? value : -1;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

const groups = new Uint16Array(8);

/**
 * IPv6 text into four 32-bit words (out[0] most significant). Returns false if it is
 * not an address. An IPv4-mapped address is reported through the return value "mapped"
 * with the IPv4 number in out[3].
 */
export function fastIpv6(text: string, out: Uint32Array): "v6" | "mapped" | false {
  const length = text.length;
  if (length < 2 || length > 45) return false;
  let count = 0; // groups written
  let gap = -1; // index in groups where "::" stands
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
    if (i === length) {
      out.fill(0);
      return "v6";
    }
  }
  while (i < length) {
    // One group: up to 4 hex digits, or a trailing dotted IPv4.
    let value = 0;
    let digits = 0;
    const groupStart = i;
    while (i < length) {
      const h = hexValue(text.charCodeAt(i));
      if (h < 0) break;
      if (++digits > 4) return false;
      value = value * 16 + h;
      i++;
    }
    if (i < length && text.charCodeAt(i) === 46) {
      if (count > 6) return false;
      const v4 = fastIpv4(text, groupStart, length);
      if (v4 < 0) return false;
      groups[count++] = v4 >>> 16;
      groups[count++] = v4 & 0xffff;
      i = length;
      break;
    }
    if (digits === 0 || count === 8) return false;
    groups[count++] = value;
    if (i === length) break;
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    if (i < length && text.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = count;
      i++;
      if (i === length) break;
    } else if (i === length) {
      return false; // a single trailing ":"
    }
  }
  if (gap < 0 ? count !== 8 : count > 7) return false;
  // Spread the groups around the gap into 8 slots.
  let w0 = 0,
    w1 = 0,
    w2 = 0,
    w3 = 0;
  const zeros = 8 - count;
  for (let slot = 0, g = 0; slot < 8; slot++) {
    const value = gap >= 0 && slot >= gap && slot < gap + zeros ? 0 : groups[g++]!;
    if (slot < 2) w0 = slot === 0 ? value * 65536 : w0 + value;
    else if (slot < 4) w1 = slot === 2 ? value * 65536 : w1 + value;
    else if (slot < 6) w2 = slot === 4 ? value * 65536 : w2 + value;
    else w3 = slot === 6 ? value * 65536 : w3 + value;
  }
  out[0] = w0;
  out[1] = w1;
  out[2] = w2;
  out[3] = w3;
  return w0 === 0 && w1 === 0 && w2 === 0xffff ? "mapped" : "v6";
}
