import { describe, expect, it } from "vitest";
import {
  INTERNAL_FORWARD_HEADER,
  internalForward,
  internalForwardHeaderValue,
  internalForwardToken,
  internalForwardTokens,
  isLoopback,
} from "./internal-forward";

const token = internalForwardToken("secret-one");
const headers = (extra: Record<string, string>) => ({
  "x-twofold-client-ip": "203.0.113.5",
  "x-forwarded-proto": "https",
  "x-forwarded-host": "app.example",
  ...extra,
});
const forward = (peer: string, extra: Record<string, string>) =>
  internalForward({ peer, headers: headers(extra), tokens: [token], clientIpHeader: "x-twofold-client-ip" });

describe("requests Next makes to itself", () => {
  it("keep the original client, protocol and host when they come from loopback with the token", () => {
    expect(forward("127.0.0.1", { [INTERNAL_FORWARD_HEADER]: token })).toEqual({ clientIp: "203.0.113.5", proto: "https", host: "app.example" });
    expect(forward("::ffff:127.0.0.1", { [INTERNAL_FORWARD_HEADER]: token })).toMatchObject({ clientIp: "203.0.113.5" });
    expect(forward("::1", { [INTERNAL_FORWARD_HEADER]: token })).toMatchObject({ clientIp: "203.0.113.5" });
  });

  it("are not believed from elsewhere, without the token, or with another secret's token", () => {
    expect(forward("192.0.2.1", { [INTERNAL_FORWARD_HEADER]: token })).toBeNull();
    expect(forward("127.0.0.1", {})).toBeNull();
    expect(forward("127.0.0.1", { [INTERNAL_FORWARD_HEADER]: internalForwardToken("secret-two") })).toBeNull();
    expect(forward("127.0.0.1", { [INTERNAL_FORWARD_HEADER]: `${token}x` })).toBeNull();
    expect(forward("127.0.0.1", { [INTERNAL_FORWARD_HEADER]: token, "x-twofold-client-ip": "not-an-ip" })).toBeNull();
  });

  it("are recognised both ways between workers on either side of an AUTH_SECRET change (a rolling restart)", () => {
    const [older, newer, unrelated] = ["old-secret", "new-secret", "someone-else"];
    /** What a worker with `sender`'s secrets sends, as a worker with `receiver`'s secrets reads it. */
    const accepts = (receiver: string[], sender: string[]) =>
      internalForward({
        peer: "127.0.0.1",
        headers: headers({ [INTERNAL_FORWARD_HEADER]: internalForwardHeaderValue(internalForwardTokens(sender)) }),
        tokens: internalForwardTokens(receiver),
        clientIpHeader: "x-twofold-client-ip",
      }) !== null;
    // Step 1: the new secret added in front of the old one; step 2: the old one dropped.
    const before = [older];
    const during = [newer, older];
    const after = [newer];
    for (const [a, b] of [
      [before, during],
      [during, after],
      [during, during],
    ]) {
      expect(accepts(a!, b!)).toBe(true);
      expect(accepts(b!, a!)).toBe(true);
    }
    expect(accepts(before, after)).toBe(false);
    expect(accepts(during, [unrelated])).toBe(false);
  });

  it("knows loopback addresses", () => {
    for (const ip of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.2"]) expect(isLoopback(ip)).toBe(true);
    for (const ip of ["128.0.0.1", "10.0.0.1", "::2", "", "localhost"]) expect(isLoopback(ip)).toBe(false);
  });
});
