import { describe, expect, it } from "vitest";
import { commonPasswordCount, newPasswordProblem } from "./password-rules";

describe("new password rules (NIST 800-63B)", () => {
  it("ships a common-password list of at least 10,000 entries", () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
  });

  it("takes 8 to 128 characters with no composition rules", () => {
    expect(newPasswordProblem("tulip river quiet")).toBeNull();
    expect(newPasswordProblem("zqxwvbnm")).toBeNull();
    expect(newPasswordProblem("a".repeat(7) + "é")).toBeNull();
    expect(newPasswordProblem("x".repeat(128) + "")).toBeNull();
    expect(newPasswordProblem("x7#kq2")).toMatch(/at least 8 characters/);
    expect(newPasswordProblem("k".repeat(129))).toMatch(/at most 128/);
    expect(newPasswordProblem("")).toMatch(/Enter a new password/);
  });

  it("counts characters, not UTF-16 units", () => {
    expect(newPasswordProblem("🔐🔐🔐🔐")).toMatch(/at least 8/);
    expect(newPasswordProblem("🔐".repeat(128))).toBeNull();
  });

  it("refuses common passwords whatever their case", () => {
    for (const password of ["password", "Password1", "12345678", "QWERTYUIOP", "iloveyou", "sunshine"]) {
      expect(newPasswordProblem(password), password).toMatch(/commonly used/);
    }
  });

  it("refuses a password containing the email's local part of 4+ characters, ignoring case", () => {
    expect(newPasswordProblem("my-Alice.Smith-2026", "alice.smith@acme.test")).toMatch(/email address/);
    expect(newPasswordProblem("xx-ALICE-yy-zz", "alice@acme.test")).toMatch(/email address/);
    // Three characters are too common a substring to refuse.
    expect(newPasswordProblem("bob-likes-tulips", "bob@acme.test")).toBeNull();
  });
});
