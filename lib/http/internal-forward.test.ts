import { describe, expect, it } from "vitest";
import { INTERNAL_FORWARD_HEADER, internalForward, internalForwardToken, isLoopback } from "./internal-forward";

const token = internalForwardToken("secret-one");
const headers = (extra: Record<string, string>) => ({
  "x-twofold-client-ip": "203.0.113.5",
  "x-forwarded-proto": "https",
  "x-forwarded-host": "app.example",
  ...extra,
});
const forward = (peer: string, extra: Record<string, string>) =>
  internalForward({ peer, headers: headers(extra), token, clientIpHeader: "x-twofold-client-ip" });

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

  it("knows loopback addresses", () => {
    for (const ip of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.2"]) expect(isLoopback(ip)).toBe(true);
    for (const ip of ["128.0.0.1", "10.0.0.1", "::2", "", "localhost"]) expect(isLoopback(ip)).toBe(false);
  });
});
