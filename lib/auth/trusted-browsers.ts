import "server-only";
import type { Db, DbOrTransaction } from "@/lib/db";
import { recordAudit, recordAuditMany, type AuditActor } from "@/lib/audit";
import { randomToken, sha256 } from "@/lib/crypto";
import { browserName } from "@/lib/http/browser-name";
import { isTokenShaped, readTokenCookie } from "@/lib/http/token-cookie";
import { lockState } from "@/lib/two-factor/status";

// Trusted browsers ("Trust this browser for N days", DESIGN §2): a browser that passed the
// second factor skips it (never the password, never the Access List) until it expires or
// is forgotten. The browser holds a random 256-bit token in an HttpOnly cookie; the server
// keeps only its SHA-256, with the user, the browser's name and the first address.

/** The organisation setting's values: Off, 7 or 30 days. */
export const TRUSTED_BROWSER_DAYS = [0, 7, 30] as const;
export type TrustedBrowserDays = (typeof TRUSTED_BROWSER_DAYS)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

/** Why trusted browsers were forgotten (the audit's `reason`). */
export type ForgetReason =
  | "user"
  | "admin"
  | "two-factor-disabled"
  | "two-factor-reset"
  | "password-changed"
  | "password-reset"
  | "setting-off"
  | "temporary-access-code"
  | "authenticator-changed"
  | "passkey-removed";

// --- The cookie ------------------------------------------------------------------------

const COOKIE_BASE = "twofold.trusted-browser";

/** `__Host-` (Secure, Path=/, no Domain) over https; the plain name on http://localhost, like the session cookie. */
export function trustedBrowserCookieName(secure: boolean): string {
  return secure ? `__Host-${COOKIE_BASE}` : COOKIE_BASE;
}

/** The cookie's attributes: HttpOnly, SameSite=Lax, Path=/, for `days` days; Secure over https. */
export function trustedBrowserCookieOptions(days: number, secure: boolean) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", maxAge: days * 24 * 60 * 60, secure };
}

/** The token a Cookie header carries under this protocol's name, or null (absent or not shaped like one of ours). */
export function readTrustedBrowserToken(cookieHeader: string | null | undefined, secure: boolean): string | null {
  return readTokenCookie(cookieHeader, trustedBrowserCookieName(secure));
}

// --- Trusting and honouring ------------------------------------------------------------

/**
 * Trusts the browser a second factor just passed on (inside the login's transaction), for the
 * organisation's current number of days. `replacing`: the token the browser carried before, if
 * it was this user's (that record is superseded: a browser holds one cookie). Returns the raw
 * token for the cookie, or null when the organisation's setting is off.
 */
export async function trustBrowser(
  tx: DbOrTransaction,
  options: { user: AuditActor & { organisationId: string }; userAgent: string | null; ip: string; now: Date; replacing?: string | null },
): Promise<{ token: string; days: number } | null> {
  const { user, now } = options;
  const organisation = await tx.organisation.findUniqueOrThrow({ where: { id: user.organisationId }, select: { trustedBrowserDays: true } });
  const days = organisation.trustedBrowserDays;
  if (!days) return null;
  if (options.replacing) await tx.trustedDevice.deleteMany({ where: { tokenHash: sha256(options.replacing), userId: user.id } });
  const token = randomToken(32);
  await tx.trustedDevice.create({
    data: {
      organisationId: user.organisationId,
      userId: user.id,
      tokenHash: sha256(token),
      userAgent: options.userAgent,
      ip: options.ip,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + days * DAY_MS),
    },
    select: { id: true },
  });
  await recordAudit(tx, {
    organisationId: user.organisationId,
    type: "trusted_browser.added",
    actor: user,
    target: user,
    ip: options.ip,
    detail: { browser: browserName(options.userAgent), days },
    at: now,
  });
  return { token, days };
}

/**
 * The trusted browser this token names for this user, if it may skip the second factor now:
 * this user's (a token of anyone else is nothing), unexpired, trusted within the organisation's
 * current days (lowering 30 to 7 shortens every browser trusted before), the setting on, and
 * the user's 2FA not locked (a lock is for an admin or time to lift, not a cookie).
 */
export async function honouredTrustedBrowser(
  db: DbOrTransaction,
  options: { userId: string; organisationId: string; token: string | null | undefined; now: Date },
): Promise<{ id: string } | null> {
  const { token, now } = options;
  if (!token || !isTokenShaped(token)) return null;
  const device = await db.trustedDevice.findUnique({
    where: { tokenHash: sha256(token) },
    select: {
      id: true,
      userId: true,
      organisationId: true,
      createdAt: true,
      expiresAt: true,
      organisation: { select: { trustedBrowserDays: true } },
      user: { select: { twoFactorFailures: true, twoFactorLockedUntil: true, twoFactorStatus: true, twoFactorEnrolledAt: true } },
    },
  });
  if (!device || device.userId !== options.userId || device.organisationId !== options.organisationId) return null;
  // Trust belongs to the enrolment it was given under: a new authenticator (a temporary access
  // code's re-enrolment, a change in Settings, a Reset) ends every trust given before it.
  if (!trustedUnderCurrentEnrolment(device.createdAt, device.user)) return null;
  const days = device.organisation.trustedBrowserDays;
  if (!days || device.expiresAt <= now || device.createdAt.getTime() + days * DAY_MS <= now.getTime()) return null;
  if (lockState(device.user, now).kind !== "open") return null;
  return { id: device.id };
}

/** Whether a browser trusted at `trustedAt` was trusted under the user's current enrolment. */
export function trustedUnderCurrentEnrolment(trustedAt: Date, user: { twoFactorStatus: string; twoFactorEnrolledAt: Date | null }): boolean {
  return user.twoFactorStatus === "ACTIVE" && user.twoFactorEnrolledAt !== null && trustedAt >= user.twoFactorEnrolledAt;
}

/** A trusted browser was used to skip the second factor. False when it was forgotten meanwhile (then the code is asked). */
export async function noteTrustedBrowserUsed(tx: DbOrTransaction, id: string, now: Date): Promise<boolean> {
  const { count } = await tx.trustedDevice.updateMany({ where: { id }, data: { lastUsedAt: now } });
  return count === 1;
}

/** The organisation's "Remember this browser" setting: 0 (off), 7 or 30. */
export async function organisationTrustedBrowserDays(db: Db, organisationId: string): Promise<TrustedBrowserDays> {
  const organisation = await db.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { trustedBrowserDays: true } });
  const days = organisation.trustedBrowserDays;
  return days === 7 || days === 30 ? days : 0;
}

/** Whether this setting lets browsers skip the code for longer than now (the admin steps up for that). */
export async function lengthensTrust(db: Db, organisationId: string, days: number): Promise<boolean> {
  return days > (await organisationTrustedBrowserDays(db, organisationId));
}

/** The organisation's current setting for this user's challenge page: 0 (off), 7 or 30. */
export async function trustedBrowserDaysFor(db: Db, userId: string): Promise<number> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { organisation: { select: { trustedBrowserDays: true } } } });
  return user?.organisation.trustedBrowserDays ?? 0;
}

// --- Listing ---------------------------------------------------------------------------

export interface TrustedBrowserRow {
  id: string;
  browser: string;
  ip: string;
  createdAt: Date;
  lastUsedAt: Date;
  /** When it stops being honoured: the earlier of its own expiry and the organisation's current days. */
  expiresAt: Date;
  current: boolean;
}

/** The user's trusted browsers still honoured by the organisation's setting, newest first; `currentToken` marks "This browser". */
export async function listTrustedBrowsers(
  db: Db,
  options: { userId: string; organisationId: string; currentToken: string | null; now: Date },
): Promise<TrustedBrowserRow[]> {
  const { now } = options;
  const organisation = await db.organisation.findUniqueOrThrow({ where: { id: options.organisationId }, select: { trustedBrowserDays: true } });
  const days = organisation.trustedBrowserDays;
  if (!days) return [];
  const user = await db.user.findUnique({ where: { id: options.userId }, select: { twoFactorStatus: true, twoFactorEnrolledAt: true } });
  // Only what the login would honour: trusted under the current enrolment, within the current days.
  if (!user?.twoFactorEnrolledAt || !trustedUnderCurrentEnrolment(user.twoFactorEnrolledAt, user)) return [];
  const rows = await db.trustedDevice.findMany({
    where: {
      userId: options.userId,
      organisationId: options.organisationId,
      expiresAt: { gt: now },
      AND: [{ createdAt: { gt: new Date(now.getTime() - days * DAY_MS) } }, { createdAt: { gte: user.twoFactorEnrolledAt } }],
    },
    select: { id: true, tokenHash: true, userAgent: true, ip: true, createdAt: true, lastUsedAt: true, expiresAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 100,
  });
  const currentHash = options.currentToken ? sha256(options.currentToken) : null;
  return rows.map((row) => {
    const byDays = new Date(row.createdAt.getTime() + days * DAY_MS);
    return {
      id: row.id,
      browser: browserName(row.userAgent),
      ip: row.ip,
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      expiresAt: byDays < row.expiresAt ? byDays : row.expiresAt,
      current: row.tokenHash === currentHash,
    };
  });
}

// --- Forgetting ------------------------------------------------------------------------

/** Forgets every trusted browser of these users (Disable/Reset 2FA, password change, a temporary access code). Returns how many. */
export async function forgetTrustedBrowsersOf(db: DbOrTransaction, userIds: string[]): Promise<number> {
  const { count } = await db.trustedDevice.deleteMany({ where: { userId: { in: userIds } } });
  return count;
}

/**
 * The same, with one `trusted_browser.forgotten` event per user who had any (in the caller's
 * transaction). Returns how many were forgotten in all.
 */
export async function forgetTrustedBrowsersAudited(
  tx: DbOrTransaction,
  options: { organisationId: string; users: AuditActor[]; actor: AuditActor | null; ip: string | null; reason: ForgetReason; now: Date },
): Promise<number> {
  const ids = options.users.map((user) => user.id);
  if (ids.length === 0) return 0;
  const counts = await tx.trustedDevice.groupBy({ by: ["userId"], where: { userId: { in: ids } }, _count: { _all: true } });
  if (counts.length === 0) return 0;
  const byId = new Map(options.users.map((user) => [user.id, user]));
  const count = await forgetTrustedBrowsersOf(
    tx,
    counts.map((row) => row.userId),
  );
  await recordAuditMany(
    tx,
    counts.map((row) => ({
      organisationId: options.organisationId,
      type: "trusted_browser.forgotten" as const,
      actor: options.actor ?? byId.get(row.userId),
      target: byId.get(row.userId),
      ip: options.ip,
      detail: { count: row._count._all, reason: options.reason },
      at: options.now,
    })),
  );
  return count;
}

/** "Forget" on one row of the caller's list: only the caller's own; anything else is "not found". */
export async function forgetTrustedBrowser(
  db: Db,
  options: { caller: AuditActor & { organisationId: string }; id: string; ip: string; now: Date },
): Promise<boolean> {
  const { caller } = options;
  return db.$transaction(async (tx) => {
    const { count } = await tx.trustedDevice.deleteMany({ where: { id: options.id, userId: caller.id, organisationId: caller.organisationId } });
    if (count === 0) return false;
    await recordAudit(tx, {
      organisationId: caller.organisationId,
      type: "trusted_browser.forgotten",
      actor: caller,
      target: caller,
      ip: options.ip,
      detail: { count, reason: "user" },
      at: options.now,
    });
    return true;
  });
}

/** "Forget all" of the caller's own. Returns how many. */
export function forgetAllTrustedBrowsers(
  db: Db,
  options: { caller: AuditActor & { organisationId: string }; ip: string; now: Date },
): Promise<number> {
  const { caller } = options;
  return db.$transaction((tx) =>
    forgetTrustedBrowsersAudited(tx, {
      organisationId: caller.organisationId,
      users: [caller],
      actor: caller,
      ip: options.ip,
      reason: "user",
      now: options.now,
    }),
  );
}

/** An admin forgets all of one user's trusted browsers. A user of another organisation is answered like an unknown one. */
export async function forgetTrustedBrowsersByAdmin(
  db: Db,
  options: { organisationId: string; userId: string; actor: AuditActor; ip: string; now: Date },
): Promise<{ ok: true; forgotten: number; user: AuditActor & { name: string } } | { ok: false }> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findFirst({
      where: { id: options.userId, organisationId: options.organisationId },
      select: { id: true, email: true, name: true },
    });
    if (!user) return { ok: false as const };
    const forgotten = await forgetTrustedBrowsersAudited(tx, {
      organisationId: options.organisationId,
      users: [user],
      actor: options.actor,
      ip: options.ip,
      reason: "admin",
      now: options.now,
    });
    return { ok: true as const, forgotten, user };
  });
}

/** The periodic job's part: trusted browsers past their expiry are deleted. */
export async function sweepExpiredTrustedBrowsers(options: { db: Db; now: Date }): Promise<number> {
  const { count } = await options.db.trustedDevice.deleteMany({ where: { expiresAt: { lte: options.now } } });
  return count;
}

// --- The organisation setting ----------------------------------------------------------

/**
 * Admin > Login and 2FA: Off, 7 or 30 days. Turning it off forgets every trusted browser of
 * the organisation (audited with the count). Lowering it needs nothing more: each use checks
 * the current days.
 */
export async function setTrustedBrowserDays(
  db: Db,
  options: { organisationId: string; days: TrustedBrowserDays; actor: AuditActor; ip: string; now: Date },
): Promise<{ changed: boolean; forgotten: number }> {
  const { organisationId, days, now } = options;
  return db.$transaction(async (tx) => {
    const { count } = await tx.organisation.updateMany({
      where: { id: organisationId, trustedBrowserDays: { not: days } },
      data: { trustedBrowserDays: days },
    });
    if (count === 0) return { changed: false, forgotten: 0 };
    let forgotten = 0;
    if (days === 0) {
      // Each user's own history says so too.
      const users = await tx.user.findMany({ where: { organisationId, trustedDevices: { some: {} } }, select: { id: true, email: true } });
      forgotten = await forgetTrustedBrowsersAudited(tx, { organisationId, users, actor: options.actor, ip: options.ip, reason: "setting-off", now });
    } else {
      // Fewer days: browsers trusted longer ago than that are no longer honoured, so they go (the lists and counts agree).
      const cutoff = new Date(now.getTime() - days * DAY_MS);
      ({ count: forgotten } = await tx.trustedDevice.deleteMany({ where: { organisationId, createdAt: { lte: cutoff } } }));
    }
    await recordAudit(tx, {
      organisationId,
      type: "organisation.trusted_browsers_changed",
      actor: options.actor,
      ip: options.ip,
      detail: forgotten > 0 ? { days, forgotten } : { days },
      at: now,
    });
    return { changed: true, forgotten };
  });
}
