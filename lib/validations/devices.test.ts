import { describe, expect, it } from "vitest";
import { loginStepSchema } from "./auth";
import { trustedBrowserDaysSchema } from "./devices";

describe("the Remember this browser setting", () => {
  it.each([0, 7, 30])("accepts %s days", (days) => {
    expect(trustedBrowserDaysSchema.safeParse({ days }).success).toBe(true);
  });

  it.each([1, 14, 31, -7, 7.5, "30", null, undefined])("refuses %s with a message", (days) => {
    const parsed = trustedBrowserDaysSchema.safeParse({ days });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("Choose Off, 7 days or 30 days.");
  });
});

describe("the login step's trustBrowser field", () => {
  it.each([
    ["on", true],
    ["true", true],
    [true, true],
    ["false", false],
    [false, false],
    [undefined, false],
  ])("reads %s as %s on a code step", (trustBrowser, expected) => {
    expect(loginStepSchema.parse({ step: "totp", code: "123456", trustBrowser })).toMatchObject({ trustBrowser: expected });
    expect(loginStepSchema.parse({ step: "backup-code", code: "ABCD-EFGH-JKMN-PQRS", trustBrowser })).toMatchObject({ trustBrowser: expected });
  });

  it("refuses anything else, and is not part of the password step", () => {
    expect(loginStepSchema.safeParse({ step: "totp", code: "123456", trustBrowser: "yes please" }).success).toBe(false);
    expect(loginStepSchema.parse({ step: "password", email: "a@b.test", password: "x", trustBrowser: "on" })).not.toHaveProperty("trustBrowser");
  });
});
