import { describe, expect, it } from "vitest";
import { parseCidr } from "./cidr";
import { resolveClientIp, trustedProxiesFrom } from "./client-ip";
import { normaliseIp } from "./ip-address";
import { compileCidrs, firstMatchingEntry } from "./matcher";

describe("parsing and normalising entries", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["203.0.113.0/24", "203.0.113.0/24"],
    [" 10.1.2.3/8 ", "10.0.0.0/8"],
    ["::ffff:192.0.2.1", "192.0.2.1"],
    ["::ffff:10.0.0.0/104", "10.0.0.0/8"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["2001:0db8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1"],
    ["2001:db8::/32", "2001:db8::/32"],
    ["2001:db8:abcd:1234::/36", "2001:db8:a000::/36"],
    ["::1", "::1"],
    ["fe80::1/128", "fe80::1"],
  ])("reads %j as %j", (input, canonical) => {
    expect(parseCidr(input)).toMatchObject({ ok: true, canonical });
  });

  it.each([
    ["10.0.0.0/33", "between /1 and /32"],
    ["2001:db8::/129", "between /1 and /128"],
    ["999.1.1.1", "not a valid IPv4 or IPv6 address"],
    ["1.2.3", "not a valid IPv4 or IPv6 address"],
    ["01.2.3.4", "not a valid IPv4 or IPv6 address"],
    ["1.2.3.4/", "not a number"],
    ["1.2.3.4/8/9", "not an IP address or CIDR range"],
    ["2001:db8::1::2", "not a valid IPv4 or IPv6 address"],
    ["", "Enter an IP address"],
    ["   ", "Enter an IP address"],
    ["0.0.0.0/0", "allows every address"],
    ["::/0", "allows every address"],
    ["10.0.0.0/0", "allows every address"],
  ])("refuses %j with a message", (input, message) => {
    const result = parseCidr(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe("matching", () => {
  const matcher = compileCidrs(["10.0.0.0/8", "203.0.113.7", "192.168.1.0/31", "2001:db8::/32", "2001:db8:ffff::1", "fe80::1"]);

  it("includes the first and last address of a range and nothing either side", () => {
    expect(matcher.contains("10.0.0.0")).toBe(true);
    expect(matcher.contains("10.255.255.255")).toBe(true);
    expect(matcher.contains("9.255.255.255")).toBe(false);
    expect(matcher.contains("11.0.0.0")).toBe(false);
    expect(matcher.contains("192.168.1.0")).toBe(true);
    expect(matcher.contains("192.168.1.1")).toBe(true);
    expect(matcher.contains("192.168.1.2")).toBe(false);
    expect(matcher.contains("2001:db8::")).toBe(true);
    expect(matcher.contains("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")).toBe(true);
    expect(matcher.contains("2001:db9::")).toBe(false);
    expect(matcher.contains("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff")).toBe(false);
  });

  it("matches a /32 and a /128 exactly", () => {
    expect(matcher.contains("203.0.113.7")).toBe(true);
    expect(matcher.contains("203.0.113.6")).toBe(false);
    expect(matcher.contains("203.0.113.8")).toBe(false);
    expect(matcher.contains("fe80::1")).toBe(true);
    expect(matcher.contains("fe80::2")).toBe(false);
  });

  it("treats an IPv4-mapped IPv6 client as the IPv4 address", () => {
    expect(matcher.contains("::ffff:10.1.2.3")).toBe(true);
    expect(matcher.contains("::ffff:11.1.2.3")).toBe(false);
  });

  it("never matches garbage", () => {
    expect(matcher.contains("")).toBe(false);
    expect(matcher.contains("unknown")).toBe(false);
    expect(matcher.contains("10.0.0")).toBe(false);
  });

  it("merges overlapping and adjacent ranges without losing any address", () => {
    const merged = compileCidrs(["10.0.0.0/25", "10.0.0.128/25", "10.0.0.64/26", "10.0.2.0/24"]);
    expect(merged.contains("10.0.0.0")).toBe(true);
    expect(merged.contains("10.0.0.200")).toBe(true);
    expect(merged.contains("10.0.1.0")).toBe(false);
    expect(merged.contains("10.0.2.255")).toBe(true);
  });

  it("agrees with a linear scan on random addresses and ranges", () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const cidrs = Array.from({ length: 300 }, () => `${Math.floor(random() * 2 ** 32) >>> 0}`).map((n) => {
      const v = Number(n);
      return `${[v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join(".")}/${8 + Math.floor(random() * 25)}`;
    });
    const fast = compileCidrs(cidrs);
    const entries = cidrs.map((cidr) => ({ cidr }));
    for (let i = 0; i < 2000; i++) {
      const v = Math.floor(random() * 2 ** 32);
      const ip = [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join(".");
      expect(fast.contains(ip)).toBe(firstMatchingEntry(entries, ip) !== null);
    }
  });

  it("names the entry that matched, for Check an IP", () => {
    const entries = [
      { cidr: "10.0.0.0/8", description: "Office" },
      { cidr: "10.1.0.0/16", description: "Lab" },
    ];
    expect(firstMatchingEntry(entries, "10.1.2.3")?.description).toBe("Office");
    expect(firstMatchingEntry(entries, "11.1.2.3")).toBeNull();
  });
});

describe("the client IP behind trusted proxies", () => {
  const trusted = trustedProxiesFrom("127.0.0.1, 10.0.0.0/8").matcher;
  const none = trustedProxiesFrom(undefined).matcher;

  it("is the TCP peer when the peer is not a trusted proxy, whatever X-Forwarded-For says", () => {
    expect(resolveClientIp({ peer: "198.51.100.9", forwardedFor: "203.0.113.7", trusted })).toBe("198.51.100.9");
    expect(resolveClientIp({ peer: "127.0.0.1", forwardedFor: "203.0.113.7", trusted: none })).toBe("127.0.0.1");
  });

  it("is the right-most X-Forwarded-For entry that is not a trusted proxy", () => {
    expect(resolveClientIp({ peer: "127.0.0.1", forwardedFor: "203.0.113.7", trusted })).toBe("203.0.113.7");
    expect(resolveClientIp({ peer: "127.0.0.1", forwardedFor: "203.0.113.7, 10.1.1.1", trusted })).toBe("203.0.113.7");
    // A client claiming an allowed address in front of its real one gets its real one.
    expect(resolveClientIp({ peer: "127.0.0.1", forwardedFor: "192.0.2.1, 198.51.100.23", trusted })).toBe("198.51.100.23");
    expect(resolveClientIp({ peer: "127.0.0.1", forwardedFor: ["192.0.2.1", "198.51.100.23"], trusted })).toBe("198.51.100.23");
  });

  it("normalises mapped addresses and falls back to the peer when every hop is a proxy", () => {
    expect(resolveClientIp({ peer: "::ffff:127.0.0.1", forwardedFor: "::ffff:203.0.113.7", trusted })).toBe("203.0.113.7");
    expect(resolveClientIp({ peer: "127.0.0.1", forwardedFor: "10.0.0.1", trusted })).toBe("127.0.0.1");
    expect(resolveClientIp({ peer: "127.0.0.1", forwardedFor: undefined, trusted })).toBe("127.0.0.1");
  });

  it("lets a damaged chain match nothing", () => {
    expect(normaliseIp(resolveClientIp({ peer: "127.0.0.1", forwardedFor: "not-an-ip", trusted }))).toBeNull();
  });

  it("reports TRUSTED_PROXIES entries it cannot read", () => {
    expect(trustedProxiesFrom("127.0.0.1, nonsense, 10.0.0.0/33").invalid).toEqual(["nonsense", "10.0.0.0/33"]);
  });
});

describe("the fast parsers agree with the reference parser", () => {
  const samples = [
    "0.0.0.0",
    "255.255.255.255",
    "10.0.0.1",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "01.1.1.1",
    "1..2.3",
    "1.2.3.",
    ".1.2.3",
    "a.b.c.d",
    "",
    "::",
    "::1",
    "1::",
    "2001:db8::1",
    "2001:DB8:0:0:0:0:0:1",
    "1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8:9",
    "1::2::3",
    ":1",
    "1:",
    "1:::2",
    "12345::",
    "::ffff:1.2.3.4",
    "::ffff:1.2.3",
    "1:2:3:4:5:6:1.2.3.4",
    "1:2:3:4:5:6:7:1.2.3.4",
    "fe80::1%eth0",
    "g::1",
    "1:2:3:4:5:6:7::",
    "::ffff:0a00:0001",
  ];
  it.each(samples)("%j", (text) => {
    const reference = normaliseIp(text);
    const matcher = compileCidrs(reference ? [reference] : []);
    expect(matcher.contains(text)).toBe(reference !== null);
  });
});
