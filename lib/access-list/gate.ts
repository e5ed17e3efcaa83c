// The Access List as server.ts enforces it on every request, before Next sees it.
// Nothing here queries the database per request: each organisation's list lives in
// memory, compiled, and a background poll of one small query (every organisation's
// switch and version) reloads a list within seconds of any change on any instance.
import { decodeSessionToken } from "@/lib/auth/session-jwt";
import type { Db } from "@/lib/db";
import { compileCidrs, type IpMatcher } from "@/lib/access-list/matcher";

export const ACCESS_LIST_POLL_MS = 2000;
const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];
const CACHE_LIMIT = 50_000;

interface OrganisationList {
  version: number;
  enabled: boolean;
  name: string;
  matcher: IpMatcher;
}

export type GateDecision = { allowed: true } | { allowed: false; organisationName: string };

/** A Map that forgets its oldest entries past a size, for per-token and per-user caches. */
function boundedSet<K, V>(map: Map<K, V>, key: K, value: V) {
  if (map.size >= CACHE_LIMIT) map.delete(map.keys().next().value as K);
  map.set(key, value);
}

export function createAccessListGate(options: { db: Db; secret: string; pollMs?: number; log?: (message: string) => void }) {
  const { db } = options;
  const lists = new Map<string, OrganisationList>();
  const userOrganisation = new Map<string, string | null>();
  const tokenUser = new Map<string, string | null>();
  let timer: NodeJS.Timeout | undefined;

  async function refresh() {
    const organisations = await db.organisation.findMany({
      select: { id: true, name: true, accessListEnabled: true, accessListVersion: true },
    });
    for (const organisation of organisations) {
      const known = lists.get(organisation.id);
      if (known && known.version === organisation.accessListVersion) continue;
      const entries = await db.accessListEntry.findMany({ where: { organisationId: organisation.id }, select: { cidr: true } });
      lists.set(organisation.id, {
        version: organisation.accessListVersion,
        enabled: organisation.accessListEnabled,
        name: organisation.name,
        matcher: compileCidrs(entries.map((entry) => entry.cidr)),
      });
    }
  }

  /** The user id in a session cookie, decrypted once per distinct token. */
  async function sessionUser(cookieHeader: string | undefined): Promise<string | null> {
    if (!cookieHeader) return null;
    for (const name of SESSION_COOKIES) {
      const token = readCookie(cookieHeader, name);
      if (!token) continue;
      const cached = tokenUser.get(token);
      if (cached !== undefined) return cached;
      const payload = await decodeSessionToken({ token, secret: options.secret, salt: name }).catch(() => null);
      const uid = typeof payload?.uid === "string" ? payload.uid : null;
      boundedSet(tokenUser, token, uid);
      return uid;
    }
    return null;
  }

  async function organisationOf(userId: string): Promise<string | null> {
    const cached = userOrganisation.get(userId);
    if (cached !== undefined) return cached;
    // Once per user per process: a user never changes organisation.
    const user = await db.user.findUnique({ where: { id: userId }, select: { organisationId: true } });
    boundedSet(userOrganisation, userId, user?.organisationId ?? null);
    return user?.organisationId ?? null;
  }

  return {
    async start() {
      await refresh();
      timer = setInterval(() => {
        refresh().catch((error: unknown) => options.log?.(`Access List refresh failed: ${String(error)}`));
      }, options.pollMs ?? ACCESS_LIST_POLL_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
    refresh,
    /** Whether a request with these cookies, from this client address, may go on. */
    async check(cookieHeader: string | undefined, clientIp: string): Promise<GateDecision> {
      const userId = await sessionUser(cookieHeader);
      if (!userId) return { allowed: true }; // no session: only public pages; sign-in checks the list itself
      const organisationId = await organisationOf(userId);
      const list = organisationId ? lists.get(organisationId) : undefined;
      if (!list?.enabled || list.matcher.contains(clientIp)) return { allowed: true };
      return { allowed: false, organisationName: list.name };
    },
  };
}

export type AccessListGate = ReturnType<typeof createAccessListGate>;

function readCookie(header: string, name: string): string | null {
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return null;
}
