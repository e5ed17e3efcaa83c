import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyringFromEnv, open, seal } from "./crypto";

const key = () => crypto.randomBytes(32).toString("base64");

describe("secret encryption (AES-256-GCM)", () => {
  const keyring = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${key()}` });
  const secret = crypto.randomBytes(20);

  it("round-trips, with a fresh IV each time and the key id in the output", () => {
    const a = seal(keyring, secret, "totp-secret:u1");
    const b = seal(keyring, secret, "totp-secret:u1");
    expect(a).not.toBe(b);
    expect(a.startsWith("v1.k1.")).toBe(true);
    expect(open(keyring, a, "totp-secret:u1").equals(secret)).toBe(true);
  });

  it("detects tampering with the ciphertext, the IV or the tag", () => {
    const sealed = seal(keyring, secret, "totp-secret:u1");
    const parts = sealed.split(".");
    for (const index of [2, 3, 4]) {
      const bytes = Buffer.from(parts[index]!, "base64url");
      bytes[0]! ^= 1;
      const tampered = [...parts.slice(0, index), bytes.toString("base64url"), ...parts.slice(index + 1)].join(".");
      expect(() => open(keyring, tampered, "totp-secret:u1")).toThrow();
    }
  });

  it("does not open for another user (the context is authenticated)", () => {
    const sealed = seal(keyring, secret, "totp-secret:u1");
    expect(() => open(keyring, sealed, "totp-secret:u2")).toThrow();
  });

  it("opens old data after a key rotation and refuses unknown keys", () => {
    const oldKey = `k1:${key()}`;
    const before = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: oldKey });
    const sealed = seal(before, secret, "c");
    const rotated = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k2:${key()}`, TWOFOLD_ENCRYPTION_KEYS_PREVIOUS: oldKey });
    expect(open(rotated, sealed, "c").equals(secret)).toBe(true);
    expect(seal(rotated, secret, "c").startsWith("v1.k2.")).toBe(true);
    const other = keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k3:${key()}` });
    expect(() => open(other, sealed, "c")).toThrow(/Unknown encryption key id "k1"/);
  });

  it("refuses a key id used twice, or one key under two ids: the current key would shadow the old one and its values would no longer open", () => {
    const oldKey = key();
    expect(() => keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k1:${key()}`, TWOFOLD_ENCRYPTION_KEYS_PREVIOUS: `k1:${oldKey}` })).toThrow(
      /"k1" is used twice/,
    );
    expect(() => keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `K1:${key()}`, TWOFOLD_ENCRYPTION_KEYS_PREVIOUS: `k1:${key()}` })).toThrow(/used twice/);
    expect(() => keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k2:${oldKey}`, TWOFOLD_ENCRYPTION_KEYS_PREVIOUS: `k1:${oldKey}` })).toThrow(
      /under two ids/,
    );
    expect(() => keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: `k2:${key()}`, TWOFOLD_ENCRYPTION_KEYS_PREVIOUS: "k1:short" })).toThrow(
      /comma-separated list/,
    );
  });

  it("refuses a malformed key", () => {
    expect(() => keyringFromEnv({ TWOFOLD_ENCRYPTION_KEY: "k1:short" })).toThrow(/must look like/);
  });
});
