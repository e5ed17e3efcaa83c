// Plain Node (server.ts loads it). Next fetches from itself at http://localhost:<port> (a
// server action that another route's bundle handles, an action's redirect target), copying
// the request's headers. Those requests arrive from loopback: without this they would run
// as a client at 127.0.0.1, over plain HTTP, on localhost. server.ts marks every request it
// hands Next with a token only it can make; a loopback request that carries the token keeps
// the client address, protocol and host server.ts established the first time.
import crypto from "node:crypto";
import { normaliseIp } from "@/lib/access-list/ip-address";

export const INTERNAL_FORWARD_HEADER = "x-twofold-internal";

/** The token, the same in every worker and instance that shares the secret. */
export function internalForwardToken(secret: string): string {
  return crypto.createHmac("sha256", secret).update("twofold internal forward v1").digest("base64url");
}

/** One token per secret (lib/auth/auth-secrets.ts), newest first. */
export function internalForwardTokens(secrets: readonly string[]): string[] {
  return secrets.map(internalForwardToken);
}

/**
 * What server.ts puts in the header: every token it knows, comma-separated. During a rolling
 * restart that changes AUTH_SECRET a worker with the new list and one with the old still share a
 * secret, so a self-request that lands on either is recognised, whichever way it goes.
 */
export const internalForwardHeaderValue = (tokens: readonly string[]) => tokens.join(",");

export function isLoopback(address: string): boolean {
  const ip = normaliseIp(address);
  return ip !== null && (ip === "::1" || /^127\.\d+\.\d+\.\d+$/.test(ip));
}

export interface ForwardedRequest {
  clientIp: string;
  proto: "http" | "https";
  host: string | undefined;
}

/**
 * What a request from Next to itself carries over from the original request, or null when
 * this is not one (not from loopback, no token, a wrong token, or no usable address).
 */
export function internalForward(options: {
  peer: string;
  headers: Record<string, string | string[] | undefined>;
  /** This worker's tokens (internalForwardTokens): one of them must be among those presented. */
  tokens: readonly string[];
  clientIpHeader: string;
}): ForwardedRequest | null {
  const { headers } = options;
  const presented = headers[INTERNAL_FORWARD_HEADER];
  if (typeof presented !== "string" || !isLoopback(options.peer)) return null;
  const given = presented.split(",", 8).map((token) => Buffer.from(token));
  const known = (token: string) => {
    const expected = Buffer.from(token);
    return given.some((candidate) => candidate.length === expected.length && crypto.timingSafeEqual(candidate, expected));
  };
  if (!options.tokens.some(known)) return null;
  const address = headers[options.clientIpHeader];
  const clientIp = typeof address === "string" ? normaliseIp(address) : null;
  if (!clientIp) return null;
  const host = headers["x-forwarded-host"];
  return { clientIp, proto: headers["x-forwarded-proto"] === "https" ? "https" : "http", host: typeof host === "string" ? host : undefined };
}
