// Auth.js's own session-token format: a compact JWE, "dir" + A256CBC-HS512 (RFC 7516/7518),
// with a 64-byte key derived from AUTH_SECRET with HKDF per cookie name and named by its
// JWK thumbprint. Tokens are interchangeable with Auth.js's default encode/decode (see the
// tests). The cipher runs on node:crypto synchronously: Auth.js's jose goes through
// WebCrypto, whose per-call thread-pool job and key import cost more than the cipher itself
// on a token of a few hundred bytes, and every request decrypts one. The derived key and
// its thumbprint are computed once per secret and cookie name.
import crypto from "node:crypto";
import { hkdf } from "@panva/hkdf";

const ALG = "dir";
const ENC = "A256CBC-HS512";
const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;
/** Seconds of clock skew tolerated on exp/nbf/iat, as Auth.js's decode. */
const CLOCK_TOLERANCE = 15;
// Our tokens are a few hundred bytes; past this nothing is worth a parse.
const MAX_TOKEN_LENGTH = 8192;

interface DerivedKey {
  macKey: Buffer;
  encKey: Buffer;
  /** RFC 7638 thumbprint of the key as an "oct" JWK, SHA-512: the header's kid. */
  thumbprint: string;
}

const derived = new Map<string, Promise<DerivedKey>>();

function derivedKey(secret: string, salt: string): Promise<DerivedKey> {
  const cacheKey = `${salt}\u0000${secret}`;
  let entry = derived.get(cacheKey);
  if (!entry) {
    entry = (async () => {
      const key = Buffer.from(await hkdf("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64));
      const jwk = JSON.stringify({ k: key.toString("base64url"), kty: "oct" });
      return { macKey: key.subarray(0, 32), encKey: key.subarray(32), thumbprint: crypto.createHash("sha512").update(jwk).digest("base64url") };
    })();
    derived.set(cacheKey, entry);
  }
  return entry;
}

const secretsOf = (secret: string | string[]) => (Array.isArray(secret) ? secret : [secret]);

/** RFC 7518 §5.2.2.1: HMAC-SHA-512 over AAD ‖ IV ‖ ciphertext ‖ AAD length in bits, first half. */
function authenticationTag(key: DerivedKey, aad: Buffer, iv: Buffer, ciphertext: Buffer): Buffer {
  const aadBits = Buffer.alloc(8);
  aadBits.writeBigUInt64BE(BigInt(aad.length * 8));
  return crypto.createHmac("sha512", key.macKey).update(aad).update(iv).update(ciphertext).update(aadBits).digest().subarray(0, 32);
}

export async function encodeSessionToken(params: {
  token?: Record<string, unknown>;
  secret: string | string[];
  salt: string;
  maxAge?: number;
}): Promise<string> {
  const key = await derivedKey(secretsOf(params.secret)[0]!, params.salt);
  const now = Math.floor(Date.now() / 1000);
  const claims = { ...params.token, iat: now, exp: now + (params.maxAge ?? DEFAULT_MAX_AGE), jti: crypto.randomUUID() };
  const header = Buffer.from(JSON.stringify({ alg: ALG, enc: ENC, kid: key.thumbprint })).toString("base64url");
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv("aes-256-cbc", key.encKey, iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(claims), "utf8"), cipher.final()]);
  const tag = authenticationTag(key, Buffer.from(header, "ascii"), iv, ciphertext);
  return `${header}..${iv.toString("base64url")}.${ciphertext.toString("base64url")}.${tag.toString("base64url")}`;
}

class InvalidSessionToken extends Error {}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function part(text: string): Buffer {
  if (!BASE64URL.test(text)) throw new InvalidSessionToken("not base64url");
  const bytes = Buffer.from(text, "base64url");
  // Node ignores a dangling character and unused low bits: only the one canonical spelling
  // of the bytes is a token, so no two strings carry the same token (the gate caches by string).
  if (bytes.toString("base64url") !== text) throw new InvalidSessionToken("not canonical base64url");
  return bytes;
}

/**
 * The claims of a token this app (or Auth.js) issued for this cookie name, or a rejection:
 * another secret or cookie name, a changed byte, another algorithm, or a token outside
 * its exp/nbf/iat window all throw, as Auth.js's decode does.
 */
export async function decodeSessionToken(params: {
  token?: string;
  secret: string | string[];
  salt: string;
}): Promise<Record<string, unknown> | null> {
  if (!params.token) return null;
  if (params.token.length > MAX_TOKEN_LENGTH) throw new InvalidSessionToken("too long");
  const parts = params.token.split(".");
  if (parts.length !== 5 || parts[1] !== "") throw new InvalidSessionToken("not a compact JWE with direct encryption");
  const [headerText, , ivText, ciphertextText, tagText] = parts as [string, string, string, string, string];
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(part(headerText).toString("utf8")) as Record<string, unknown>;
  } catch {
    throw new InvalidSessionToken("unreadable header");
  }
  // Only what Auth.js writes: no compression, no critical extensions, no other algorithm.
  const { alg, enc, kid, ...rest } = header;
  if (alg !== ALG || enc !== ENC || Object.keys(rest).length > 0 || (kid !== undefined && typeof kid !== "string")) {
    throw new InvalidSessionToken("unexpected header");
  }
  const iv = part(ivText);
  const ciphertext = part(ciphertextText);
  const tag = part(tagText);
  if (iv.length !== 16 || tag.length !== 32 || ciphertext.length === 0 || ciphertext.length % 16 !== 0) throw new InvalidSessionToken("bad lengths");

  for (const secret of secretsOf(params.secret)) {
    const key = await derivedKey(secret, params.salt);
    if (kid !== undefined && kid !== key.thumbprint) continue;
    if (!crypto.timingSafeEqual(authenticationTag(key, Buffer.from(headerText, "ascii"), iv, ciphertext), tag)) continue;
    const decipher = crypto.createDecipheriv("aes-256-cbc", key.encKey, iv);
    const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
    return checkedClaims(JSON.parse(plaintext) as unknown);
  }
  throw new InvalidSessionToken("no matching decryption secret");
}

function checkedClaims(claims: unknown): Record<string, unknown> {
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) throw new InvalidSessionToken("claims are not an object");
  const { exp, nbf, iat } = claims as Record<string, unknown>;
  const now = Math.floor(Date.now() / 1000);
  for (const value of [exp, nbf, iat]) if (value !== undefined && typeof value !== "number") throw new InvalidSessionToken("bad time claim");
  if (typeof exp === "number" && exp <= now - CLOCK_TOLERANCE) throw new InvalidSessionToken("expired");
  if (typeof nbf === "number" && nbf > now + CLOCK_TOLERANCE) throw new InvalidSessionToken("not yet valid");
  if (typeof iat === "number" && iat > now + CLOCK_TOLERANCE) throw new InvalidSessionToken("issued in the future");
  return claims as Record<string, unknown>;
}
