import { describe, expect, it } from "vitest";
import { BACKUP_CODE_COUNT, generateBackupCode, normaliseBackupCode } from "./backup-code-format";

describe("backup code format", () => {
  it("is 16 Crockford base32 characters in groups of four", () => {
    for (let i = 0; i < 200; i++) {
      expect(generateBackupCode()).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    }
    expect(BACKUP_CODE_COUNT).toBe(10);
  });

  it("uses all 32 symbols (80 random bits), without repeats in practice", () => {
    const codes = Array.from({ length: 500 }, generateBackupCode);
    expect(new Set(codes).size).toBe(500);
    expect(new Set(codes.join("").replace(/-/g, "")).size).toBe(32);
  });

  it("accepts any case, dashes and spaces, and Crockford look-alikes", () => {
    expect(normaliseBackupCode("ABCD-EFGH-JKMN-PQRS")).toBe("ABCDEFGHJKMNPQRS");
    expect(normaliseBackupCode(" abcd efgh jkmn pqrs ")).toBe("ABCDEFGHJKMNPQRS");
    expect(normaliseBackupCode("abcdefghjkmnpqrs")).toBe("ABCDEFGHJKMNPQRS");
    expect(normaliseBackupCode("O0IL-0000-0000-0000")).toBe("0011000000000000");
  });

  it("refuses what cannot be a code", () => {
    for (const input of ["", "ABCD-EFGH-JKMN", "ABCD-EFGH-JKMN-PQRS-TVWX", "ABCD-EFGH-JKMN-PQRU", "ABCD_EFGH_JKMN_PQRS"]) {
      expect(normaliseBackupCode(input)).toBeNull();
    }
  });
});
