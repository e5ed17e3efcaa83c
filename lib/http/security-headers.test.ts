import { describe, expect, it } from "vitest";
import { createNonce, defaultSecurityHeaders, NO_SCRIPT_CONTENT_SECURITY_POLICY, pageContentSecurityPolicy } from "./security-headers";

const directives = (policy: string) => new Map(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));

describe("Content-Security-Policy", () => {
  it("lets a page run only scripts carrying its nonce, and never eval in production", () => {
    const policy = directives(pageContentSecurityPolicy({ nonce: "abc123", dev: false }));
    expect(policy.get("script-src")).toBe("'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy.get("style-src")).toBe("'self' 'unsafe-inline'");
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("base-uri")).toBe("'self'");
    expect(policy.get("form-action")).toBe("'self'");
    expect(pageContentSecurityPolicy({ nonce: "abc123", dev: true })).toContain("'unsafe-eval'");
  });

  it("gives everything else no scripts at all", () => {
    const policy = directives(NO_SCRIPT_CONTENT_SECURITY_POLICY);
    expect(policy.get("default-src")).toBe("'none'");
    expect(policy.has("script-src")).toBe(false);
    expect(policy.get("frame-ancestors")).toBe("'none'");
  });

  it("makes a new 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("default security headers", () => {
  it("send HSTS only over TLS", () => {
    expect(defaultSecurityHeaders({ https: true })["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
    expect(defaultSecurityHeaders({ https: false })).not.toHaveProperty("Strict-Transport-Security");
    expect(defaultSecurityHeaders({ https: false })).toMatchObject({ "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin" });
  });
});
