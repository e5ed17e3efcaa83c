import { decode, encode } from "@auth/core/jwt";
import { EncryptJWT } from "jose";
import { describe, expect, it } from "vitest";
import { decodeSessionToken, encodeSessionToken } from "./session-jwt";

const secret = "a-test-secret-of-enough-length-0123456789";
const salt = "authjs.session-token";

describe("session tokens", () => {
  it("are interchangeable with Auth.js's own encode and decode", async () => {
    const ours = await encodeSessionToken({ token: { uid: "u1", sv: 3 }, secret, salt, maxAge: 60 });
    expect(await decode({ token: ours, secret, salt })).toMatchObject({ uid: "u1", sv: 3 });
    const theirs = await encode({ token: { uid: "u2" }, secret, salt, maxAge: 60 });
    expect(await decodeSessionToken({ token: theirs, secret, salt })).toMatchObject({ uid: "u2" });
  });

  it("refuse another secret, another cookie name, a tampered token and an expired one", async () => {
    const token = await encodeSessionToken({ token: { uid: "u1" }, secret, salt, maxAge: 60 });
    await expect(decodeSessionToken({ token, secret: `${secret}x`, salt })).rejects.toThrow();
    await expect(decodeSessionToken({ token, secret, salt: "__Secure-authjs.session-token" })).rejects.toThrow();
    // The tag's third-to-last character carries only data bits: changing it always changes the tag.
    const tampered = `${token.slice(0, -3)}${token.at(-3) === "A" ? "B" : "A"}${token.slice(-2)}`;
    await expect(decodeSessionToken({ token: tampered, secret, salt })).rejects.toThrow();
    const expired = await encodeSessionToken({ token: { uid: "u1" }, secret, salt, maxAge: -60 });
    await expect(decodeSessionToken({ token: expired, secret, salt })).rejects.toThrow();
  });

  it("accept a token made with a previous secret during a rotation", async () => {
    const old = await encodeSessionToken({ token: { uid: "u1" }, secret: "old-secret-old-secret-old-secret-0000", salt, maxAge: 60 });
    expect(await decodeSessionToken({ token: old, secret: [secret, "old-secret-old-secret-old-secret-0000"], salt })).toMatchObject({ uid: "u1" });
  });

  it("refuse what Auth.js never writes: another content encryption, a compressed or critical header, a malformed token", async () => {
    const gcm = await new EncryptJWT({ uid: "u1" })
      .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
      .setExpirationTime("1m")
      .encrypt(new Uint8Array(32));
    await expect(decodeSessionToken({ token: gcm, secret, salt })).rejects.toThrow();
    const token = await encodeSessionToken({ token: { uid: "u1" }, secret, salt, maxAge: 60 });
    const [header, ...rest] = token.split(".");
    for (const extra of [{ zip: "DEF" }, { crit: ["b64"] }, { alg: "A256KW" }]) {
      const changed = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(header!, "base64url").toString()), ...extra })).toString("base64url");
      await expect(decodeSessionToken({ token: [changed, ...rest].join("."), secret, salt })).rejects.toThrow();
    }
    const [h, k, iv, ciphertext, tag] = token.split(".") as [string, string, string, string, string];
    const noncanonical = [
      `${h}.${k}.${iv}.${ciphertext}A.${tag}`,
      `${h}.${k}.${iv}.${ciphertext}.${tag.slice(0, -1)}${tag.endsWith("B") ? "C" : "B"}`,
    ];
    for (const bad of ["a.b.c", `${token}.x`, token.replace(/\.[^.]*$/, ".%%%"), "x".repeat(9000), ...noncanonical]) {
      await expect(decodeSessionToken({ token: bad, secret, salt })).rejects.toThrow();
    }
  });

  it("carry iat, exp and a fresh jti, as Auth.js's tokens do", async () => {
    const a = await decodeSessionToken({ token: await encodeSessionToken({ token: { uid: "u1" }, secret, salt, maxAge: 60 }), secret, salt });
    const b = await decode({ token: await encodeSessionToken({ token: { uid: "u1" }, secret, salt, maxAge: 60 }), secret, salt });
    expect(a!.exp).toBe((a!.iat as number) + 60);
    expect(typeof a!.jti).toBe("string");
    expect(a!.jti).not.toBe(b!.jti);
  });
});
