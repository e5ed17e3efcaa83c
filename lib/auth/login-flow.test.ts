import { describe, expect, it } from "vitest";
import { graceDaysLeft, pathAfterStep, requiredStep, stepPath } from "./login-flow";

const now = new Date("2030-01-10T12:00:00Z");
const day = 86_400_000;
const user = (
  twoFactorStatus: "OFF" | "REQUIRED" | "ACTIVE",
  dueInMs: number | null = null,
  loginMethod: "TWO_FACTOR" | "STANDARD" = "TWO_FACTOR",
) => ({
  loginMethod,
  twoFactorStatus,
  twoFactorDueAt: dueInMs === null ? null : new Date(now.getTime() + dueInMs),
});

describe("the login rule", () => {
  it.each([
    ["Off", user("OFF"), "complete"],
    ["Required, no grace period", user("REQUIRED"), "setup"],
    ["Required, grace period running", user("REQUIRED", 3 * day), "grace"],
    ["Required, grace period over", user("REQUIRED", -1), "setup"],
    ["Required, grace period ends this instant", user("REQUIRED", 0), "setup"],
    ["Active", user("ACTIVE"), "challenge"],
  ] as const)("after the password: %s -> %s", (_name, state, step) => {
    expect(requiredStep(state, { secondFactor: null }, now)).toBe(step);
  });

  it("counts a passed second factor as complete, whatever the user's state says", () => {
    for (const state of [user("OFF"), user("REQUIRED"), user("ACTIVE")]) {
      expect(requiredStep(state, { secondFactor: "totp" }, now)).toBe("complete");
      expect(requiredStep(state, { secondFactor: "backup-code" }, now)).toBe("complete");
    }
  });

  it("asks nobody for a code while the organisation's login method is Standard, whatever their 2FA state", () => {
    for (const state of [
      user("OFF", null, "STANDARD"),
      user("REQUIRED", null, "STANDARD"),
      user("REQUIRED", 3 * day, "STANDARD"),
      user("ACTIVE", null, "STANDARD"),
    ]) {
      expect(requiredStep(state, { secondFactor: null }, now)).toBe("complete");
    }
  });

  it("counts whole days left of a grace period, for the banner", () => {
    expect(graceDaysLeft(user("REQUIRED", 3 * day), now)).toBe(3);
    expect(graceDaysLeft(user("REQUIRED", 2 * day + 1), now)).toBe(3);
    expect(graceDaysLeft(user("REQUIRED", -1), now)).toBeNull();
    expect(graceDaysLeft(user("OFF"), now)).toBeNull();
    expect(graceDaysLeft(user("ACTIVE", 3 * day), now)).toBeNull();
  });

  it("names each step's page and carries the way back", () => {
    expect(stepPath("challenge")).toBe("/login/verify");
    expect(stepPath("setup", "/admin/audit?type=logout")).toBe("/setup-2fa?callbackUrl=%2Fadmin%2Faudit%3Ftype%3Dlogout");
  });

  it("after the wizard's code, goes to the '2FA is on' confirmation, carrying the target; other steps go straight on", () => {
    expect(pathAfterStep({ passed: "setup", state: "complete" })).toBe("/two-factor/enabled");
    expect(pathAfterStep({ passed: "setup", state: "complete", callbackUrl: "/admin/audit?type=logout" })).toBe(
      "/two-factor/enabled?callbackUrl=%2Fadmin%2Faudit%3Ftype%3Dlogout",
    );
    expect(pathAfterStep({ passed: "totp", state: "complete", callbackUrl: "/settings" })).toBe("/settings");
    expect(pathAfterStep({ passed: "backup-code", state: "complete" })).toBe("/dashboard");
    expect(pathAfterStep({ passed: "password", state: "grace" })).toBe("/dashboard");
    expect(pathAfterStep({ passed: "password", state: "setup", callbackUrl: "/settings" })).toBe("/setup-2fa?callbackUrl=%2Fsettings");
    expect(pathAfterStep({ passed: "password", state: "challenge" })).toBe("/login/verify");
  });
});
