// Auth.js's own session-token format (JWE, "dir" + A256CBC-HS512, key derived from
// AUTH_SECRET with HKDF per cookie name), with the derived key and its thumbprint
// computed once per secret and cookie name instead of on every request. Tokens are
// interchangeable with Auth.js's default encode/decode.
import { hkdf } from "@panva/hkdf";
import { EncryptJWT, base64url, calculateJwkThumbprint, jwtDecrypt, type JWTPayload } from "jose";

const ALG = "dir";
const ENC = "A256CBC-HS512";
const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;

interface DerivedKey {
  key: Uint8Array;
  thumbprint: string;
}

const derived = new Map<string, Promise<DerivedKey>>();

function derivedKey(secret: string, salt: string): Promise<DerivedKey> {
  const cacheKey = `${salt}\u0000${secret}`;
  let entry = derived.get(cacheKey);
  if (!entry) {
    entry = (async () => {
      const key = await hkdf("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64);
      const thumbprint = await calculateJwkThumbprint({ kty: "oct", k: base64url.encode(key) }, "sha512");
      return { key, thumbprint };
    })();
    derived.set(cacheKey, entry);
  }
  return entry;
}

const secretsOf = (secret: string | string[]) => (Array.isArray(secret) ? secret : [secret]);

export async function encodeSessionToken(params: {
  token?: Record<string, unknown>;
  secret: string | string[];
  salt: string;
  maxAge?: number;
}): Promise<string> {
  const { key, thumbprint } = await derivedKey(secretsOf(params.secret)[0]!, params.salt);
  return new EncryptJWT((params.token ?? {}) as JWTPayload)
    .setProtectedHeader({ alg: ALG, enc: ENC, kid: thumbprint })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (params.maxAge ?? DEFAULT_MAX_AGE))
    .setJti(crypto.randomUUID())
    .encrypt(key);
}

export async function decodeSessionToken(params: {
  token?: string;
  secret: string | string[];
  salt: string;
}): Promise<Record<string, unknown> | null> {
  if (!params.token) return null;
  const { payload } = await jwtDecrypt(
    params.token,
    async ({ kid }) => {
      for (const secret of secretsOf(params.secret)) {
        const { key, thumbprint } = await derivedKey(secret, params.salt);
        if (kid === undefined || kid === thumbprint) return key;
      }
      throw new Error("no matching decryption secret");
    },
    { clockTolerance: 15, keyManagementAlgorithms: [ALG], contentEncryptionAlgorithms: [ENC, "A256GCM"] },
  );
  return payload;
}
