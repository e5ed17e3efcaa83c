import { describe, expect, it } from "vitest";
import { accessListChangeInWords, changedBy, describeBrowser, loginMethodChangeInWords, twoFactorPolicyChangeInWords } from "./notices";

describe("the browser of a sign-in, in words", () => {
  it.each([
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on Linux"],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      "Edge on Windows",
    ],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Windows"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari on macOS"],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
      "Safari on iOS",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
      "Chrome on iOS",
    ],
    ["Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android"],
    [
      "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
      "Samsung Internet on Android",
    ],
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0", "Opera on Linux"],
    ["Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on ChromeOS"],
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", "Chrome on Linux"],
    ["curl/8.5.0", "curl"],
    ["SomeBot/1.0 (Windows)", "a browser on Windows"],
    ["", "an unknown browser"],
    [null, "an unknown browser"],
  ])("%s → %s", (userAgent, expected) => {
    expect(describeBrowser(userAgent)).toBe(expected);
  });
});

describe("changes in words, for the admins", () => {
  it("names the Access List change with the range and its description", () => {
    expect(accessListChangeInWords({ kind: "add", cidr: "10.0.0.0/8", description: "Office" })).toBe("added 10.0.0.0/8 (Office)");
    expect(accessListChangeInWords({ kind: "add", cidr: "10.0.0.0/8", description: "" })).toBe("added 10.0.0.0/8");
    expect(accessListChangeInWords({ kind: "remove", cidr: "192.0.2.0/24", description: "VPN" })).toBe("removed 192.0.2.0/24 (VPN)");
    expect(
      accessListChangeInWords({
        kind: "update",
        before: { cidr: "10.0.0.0/8", description: "Office" },
        after: { cidr: "10.1.0.0/16", description: "HQ" },
      }),
    ).toBe("changed 10.0.0.0/8 (Office) to 10.1.0.0/16 (HQ)");
    expect(
      accessListChangeInWords({
        kind: "update",
        before: { cidr: "10.0.0.0/8", description: "Office" },
        after: { cidr: "10.0.0.0/8", description: "HQ" },
      }),
    ).toBe('renamed 10.0.0.0/8 from "Office" to "HQ"');
    expect(accessListChangeInWords({ kind: "switch", enabled: true })).toBe("turned the Access List on");
    expect(accessListChangeInWords({ kind: "switch", enabled: false })).toBe("turned the Access List off");
    expect(accessListChangeInWords({ kind: "break-glass", reason: "locked out" })).toBe(
      "turned the Access List off from the command line (break-glass: locked out)",
    );
  });

  it("names the policy and login method changes, and nothing when nothing changed", () => {
    expect(twoFactorPolicyChangeInWords({ requireTwoFactor: false, graceDays: 0 }, { requireTwoFactor: true, graceDays: 7, usersChanged: 12 })).toBe(
      'turned on "Require 2FA for all users", with a grace period of 7 days (12 users now required to set it up)',
    );
    expect(twoFactorPolicyChangeInWords({ requireTwoFactor: true, graceDays: 7 }, { requireTwoFactor: false, graceDays: 7, usersChanged: 1 })).toBe(
      'turned off "Require 2FA for all users" (1 user no longer required)',
    );
    expect(twoFactorPolicyChangeInWords({ requireTwoFactor: true, graceDays: 7 }, { requireTwoFactor: true, graceDays: 1, usersChanged: 0 })).toBe(
      "changed the grace period for setting up 2FA from 7 days to 1 day",
    );
    expect(
      twoFactorPolicyChangeInWords({ requireTwoFactor: false, graceDays: 0 }, { requireTwoFactor: false, graceDays: 0, usersChanged: 0 }),
    ).toBeNull();
    expect(loginMethodChangeInWords("TWO_FACTOR", "STANDARD")).toBe(
      "changed the login method from Two-Factor Authentication to Standard (password only)",
    );
    expect(loginMethodChangeInWords("STANDARD", "STANDARD")).toBeNull();
  });

  it("says who: the admin's address, or the operator's account and machine", () => {
    expect(changedBy({ actor: { id: "a", email: "admin@acme.test" }, ip: "192.0.2.1" })).toBe("admin@acme.test");
    expect(changedBy({ operator: { user: "root", host: "web-1" }, reason: "x" })).toBe("an operator (root@web-1)");
  });
});
