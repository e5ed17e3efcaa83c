// Plain Node (server.ts loads it): the Access List as server.ts enforces it on every
// request, before Next sees it. The session cookie is read by the one reader Auth.js's
// rules are written down in (lib/auth/session-cookie.ts), and the request goes on with
// only what that reader read: a session-looking cookie nobody can attribute to a user is
// cleared and the request continues signed out. No database query per request: each
// organisation's list lives in memory (list-cache.ts) and a background poll of one small
// query reloads a list within seconds of any change on any instance.
import crypto from "node:crypto";
import { decodeSessionToken } from "@/lib/auth/session-jwt";
import { clearingCookies, readSessionCookie, rewriteCookieHeader, sessionCookieName } from "@/lib/auth/session-cookie";
import type { Db } from "@/lib/db";
import { accessListAllows, cachedAccessList, refreshAccessLists } from "@/lib/access-list/list-cache";

export const ACCESS_LIST_POLL_MS = 2000;
const CACHE_LIMIT = 50_000;
// Our tokens are a few hundred bytes; anything this long is no session of ours and is not
// worth decrypting (nor remembering).
const MAX_TOKEN_LENGTH = 8192;

export type GateDecision =
  /** Go on, with this Cookie header (only the session the reader attributed, if any, and its organisation). */
  | { kind: "pass"; cookieHeader: string | undefined; clearCookies: string[]; organisationId?: string }
  /** A session of an organisation whose Access List does not contain the client. */
  | { kind: "deny"; organisationName: string; clearCookies: string[]; organisationId: string }
  /** A session cookie that cannot even be read (broken percent-encoding). */
  | { kind: "bad-cookie"; clearCookies: string[]; organisationId?: undefined };

/** A Map that forgets its oldest entries past a size, for per-token and per-user caches. */
function boundedSet<K, V>(map: Map<K, V>, key: K, value: V) {
  if (map.size >= CACHE_LIMIT) map.delete(map.keys().next().value as K);
  map.set(key, value);
}

export function createAccessListGate(options: {
  db: Db;
  /** The session cookie's secrets, newest first (lib/auth/auth-secrets.ts). */
  secret: string | string[];
  pollMs?: number;
  log?: (message: string) => void;
}) {
  const { db } = options;
  const userOrganisation = new Map<string, string | null>();
  const tokenOrganisation = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failing = false;

  /**
   * One refresh, then the next one a poll later: never two at once, however long one takes
   * (a database that is restarting). A failure keeps the lists last loaded, is logged once
   * until a refresh works again, and never stops the polling.
   */
  async function poll() {
    try {
      await refreshAccessLists(db);
      if (failing) options.log?.("Access List refresh works again");
      failing = false;
    } catch (error) {
      if (!failing) options.log?.(`Access List refresh failed (the lists last loaded stay in force): ${String(error)}`);
      failing = true;
    }
    if (stopped) return;
    timer = setTimeout(() => void poll(), options.pollMs ?? ACCESS_LIST_POLL_MS);
    timer.unref();
  }

  /**
   * The organisation of the session a token belongs to, decrypted once per distinct valid
   * token; null when it is not a session of a known user. Only tokens that decrypt are remembered (by their hash), so
   * made-up cookies cannot fill the cache.
   */
  async function organisationOfToken(token: string, secure: boolean): Promise<string | null> {
    if (token.length > MAX_TOKEN_LENGTH) return null;
    const cacheKey = crypto
      .createHash("sha256")
      .update(secure ? "s:" : "p:")
      .update(token)
      .digest("base64url");
    const cached = tokenOrganisation.get(cacheKey);
    if (cached !== undefined) return cached;
    const payload = await decodeSessionToken({ token, secret: options.secret, salt: sessionCookieName(secure) }).catch(() => null);
    const uid = typeof payload?.uid === "string" && typeof payload.sid === "string" ? payload.uid : null;
    // Every token the app writes names its organisation; an older one is looked up once by its user.
    const organisationId = !uid ? null : typeof payload?.organisationId === "string" ? payload.organisationId : await organisationOf(uid);
    if (organisationId) boundedSet(tokenOrganisation, cacheKey, organisationId);
    return organisationId;
  }

  async function organisationOf(userId: string): Promise<string | null> {
    const cached = userOrganisation.get(userId);
    if (cached !== undefined) return cached;
    // Once per user per process: a user never changes organisation.
    const user = await db.user.findUnique({ where: { id: userId }, select: { organisationId: true } });
    if (user) boundedSet(userOrganisation, userId, user.organisationId);
    return user?.organisationId ?? null;
  }

  return {
    async start() {
      await refreshAccessLists(db);
      stopped = false;
      timer = setTimeout(() => void poll(), options.pollMs ?? ACCESS_LIST_POLL_MS);
      timer.unref();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
    refresh: () => refreshAccessLists(db),
    /** Whether a request with these cookies, from this client address, may go on, and with which cookies. */
    async check(request: { cookieHeader: string | undefined; clientIp: string; secure: boolean }): Promise<GateDecision> {
      const cookie = readSessionCookie(request.cookieHeader, request.secure);
      if (cookie.kind === "malformed") return { kind: "bad-cookie", clearCookies: clearingCookies([...cookie.names, ...cookie.strays]) };
      if (cookie.kind === "none") {
        if (cookie.strays.length === 0) return { kind: "pass", cookieHeader: request.cookieHeader, clearCookies: [] };
        return { kind: "pass", cookieHeader: rewriteCookieHeader(request.cookieHeader, null), clearCookies: clearingCookies(cookie.strays) };
      }

      const organisationId = await organisationOfToken(cookie.token, request.secure);
      if (!organisationId) {
        // Fails closed: a session-looking cookie that is no session of a known user signs nobody in.
        return {
          kind: "pass",
          cookieHeader: rewriteCookieHeader(request.cookieHeader, null),
          clearCookies: clearingCookies([...cookie.names, ...cookie.strays]),
        };
      }
      const list = cachedAccessList(organisationId);
      // Chunks and strays are folded into the one canonical cookie Auth.js will read and rewrite.
      const canonical = sessionCookieName(request.secure);
      const clearCookies = clearingCookies([...cookie.names.filter((name) => name !== canonical), ...cookie.strays]);
      if (!accessListAllows(list, request.clientIp))
        return { kind: "deny", organisationName: list?.name ?? "your organisation", clearCookies, organisationId };
      return {
        kind: "pass",
        cookieHeader: rewriteCookieHeader(request.cookieHeader, { secure: request.secure, token: cookie.token }),
        clearCookies,
        organisationId,
      };
    },
  };
}

export type AccessListGate = ReturnType<typeof createAccessListGate>;
