import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

describe("safeRedirectPath", () => {
  it("keeps same-origin paths with their query and hash", () => {
    expect(safeRedirectPath("/settings")).toBe("/settings");
    expect(safeRedirectPath("/admin/login-and-2fa?q=alice#top")).toBe("/admin/login-and-2fa?q=alice#top");
  });

  it.each([
    "https://evil.example",
    "https://evil.example/dashboard",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "dashboard",
    "",
  ])("sends %j to the fallback", (target) => {
    expect(safeRedirectPath(target)).toBe("/dashboard");
  });

  it("never sends the user back to the login page or the auth endpoints", () => {
    expect(safeRedirectPath("/login?callbackUrl=/x")).toBe("/dashboard");
    expect(safeRedirectPath("/api/auth/signout")).toBe("/dashboard");
  });
});
