// The Settings forms of passkeys (issue 15): what reaches the domain functions.
import { describe, expect, it } from "vitest";
import { reauthenticateSchema } from "./two-factor";
import { removePasskeySchema, renamePasskeySchema } from "./passkey";

describe("passkey management input", () => {
  it("takes a passkey id of at most 64 characters and a name of 1 to 60 without control characters", () => {
    expect(renamePasskeySchema.safeParse({ id: "c".repeat(25), name: "  Work laptop " })).toMatchObject({
      success: true,
      data: { name: "Work laptop" },
    });
    expect(renamePasskeySchema.safeParse({ id: "c".repeat(65), name: "Laptop" }).success).toBe(false);
    expect(renamePasskeySchema.safeParse({ id: "", name: "Laptop" }).success).toBe(false);
    expect(renamePasskeySchema.safeParse({ id: "abc", name: "   " }).success).toBe(false);
    expect(renamePasskeySchema.safeParse({ id: "abc", name: "x".repeat(61) }).success).toBe(false);
    expect(renamePasskeySchema.safeParse({ id: "abc", name: "Lap\ttop" }).success).toBe(false);
  });

  it("checks a step-up's code in the format of its method", () => {
    const stepUp = (method: string | undefined, code: string) => reauthenticateSchema.safeParse({ password: "pw", method, code });
    expect(stepUp(undefined, "123 456")).toMatchObject({ success: true, data: { method: "totp", code: "123456" } });
    expect(stepUp("totp", "ABCD-EFGH-JKMN-PQRS").success).toBe(false);
    expect(stepUp("backup-code", "abcd-efgh-jkmn-pqrs")).toMatchObject({ success: true, data: { method: "backup-code" } });
    expect(stepUp("passkey", '{"id":"x"}')).toMatchObject({ success: true, data: { method: "passkey", code: '{"id":"x"}' } });
    expect(stepUp("passkey", "").success).toBe(false);
    expect(stepUp("temporary-code", "ABCD-EFGH-JKMN-PQRS").success).toBe(false);
    expect(removePasskeySchema.safeParse({ id: "abc", password: "pw", method: "passkey", code: "x".repeat(16_001) }).success).toBe(false);
  });
});
