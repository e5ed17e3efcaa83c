import { setEnvDefaults } from "@auth/core";
import { decode as authJsDecode } from "@auth/core/jwt";
import { describe, expect, it } from "vitest";
import { missingSecrets } from "@/lib/env";
import { authSecretsFromEnv } from "./auth-secrets";
import { decodeSessionToken, encodeSessionToken } from "./session-jwt";

const salt = "authjs.session-token";
const OLD = "old-secret-0123456789-0123456789-abcdef";
const NEW = "new-secret-0123456789-0123456789-abcdef";
const UNKNOWN = "someone-elses-secret-0123456789-abcdef";

describe("AUTH_SECRET in Auth.js's rotation form", () => {
  it("orders the secrets as Auth.js does: the highest AUTH_SECRET_n first, AUTH_SECRET last", () => {
    const env = { AUTH_SECRET: "s0", AUTH_SECRET_1: "s1", AUTH_SECRET_3: "s3" };
    const config: { secret?: string | string[]; providers: [] } = { providers: [] };
    setEnvDefaults(env, config as Parameters<typeof setEnvDefaults>[1], true);
    expect(authSecretsFromEnv(env)).toEqual(config.secret);
    expect(authSecretsFromEnv(env)).toEqual(["s3", "s1", "s0"]);
    expect(authSecretsFromEnv({ AUTH_SECRET: "only" })).toEqual(["only"]);
    expect(authSecretsFromEnv({ AUTH_SECRET: " ", AUTH_SECRET_2: "" })).toEqual([]);
  });

  it("keeps a session cookie made under the old secret working after the new one is added, and signs with the new one", async () => {
    const beforeRotation = authSecretsFromEnv({ AUTH_SECRET: OLD });
    const duringRotation = authSecretsFromEnv({ AUTH_SECRET: OLD, AUTH_SECRET_1: NEW });
    const afterRotation = authSecretsFromEnv({ AUTH_SECRET: NEW });
    const oldCookie = await encodeSessionToken({ token: { uid: "u1" }, secret: beforeRotation, salt, maxAge: 60 });
    expect(await decodeSessionToken({ token: oldCookie, secret: duringRotation, salt })).toMatchObject({ uid: "u1" });

    const newCookie = await encodeSessionToken({ token: { uid: "u2" }, secret: duringRotation, salt, maxAge: 60 });
    // Made with the new secret: an instance that still has only the old one cannot read it, one with only the new can.
    await expect(decodeSessionToken({ token: newCookie, secret: beforeRotation, salt })).rejects.toThrow();
    expect(await decodeSessionToken({ token: newCookie, secret: afterRotation, salt })).toMatchObject({ uid: "u2" });
    // Auth.js's own decoder agrees with the same list.
    expect(await authJsDecode({ token: oldCookie, secret: duringRotation, salt })).toMatchObject({ uid: "u1" });
    // Once the old secret is dropped, its cookies end.
    await expect(decodeSessionToken({ token: oldCookie, secret: afterRotation, salt })).rejects.toThrow();
  });

  it("refuses a cookie made under a secret it does not know", async () => {
    const foreign = await encodeSessionToken({ token: { uid: "u1" }, secret: UNKNOWN, salt, maxAge: 60 });
    await expect(
      decodeSessionToken({ token: foreign, secret: authSecretsFromEnv({ AUTH_SECRET: OLD, AUTH_SECRET_1: NEW }), salt }),
    ).rejects.toThrow();
  });

  it("lets a production server start with the secret in its rotation form only", () => {
    const key = "k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    expect(missingSecrets({ AUTH_SECRET_1: NEW, TWOFOLD_ENCRYPTION_KEY: key })).toEqual([]);
    expect(missingSecrets({ AUTH_SECRET: OLD, AUTH_SECRET_1: NEW, TWOFOLD_ENCRYPTION_KEY: key })).toEqual([]);
    expect(missingSecrets({ AUTH_SECRET: "  ", TWOFOLD_ENCRYPTION_KEY: key })).toEqual(["AUTH_SECRET"]);
  });
});
