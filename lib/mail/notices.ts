// The security notices (issue 13): which email a change sends, to whom, with what data and in
// what words. Small plain functions for the domain code to call with the transaction client of
// the change, so the email exists exactly when the change does.
import type { DbOrTransaction } from "@/lib/db";
import type { ChangeAuthor } from "@/lib/audit";
import type { LockState } from "@/lib/two-factor/status";
import { queueEmail, queueEmailToAdmins, type EmailToQueue } from "./outbox";
import type { TemplateData, TemplateId } from "./templates";

export interface NoticeRecipient {
  email: string;
  organisationId: string;
  name?: string | null;
}

/** One email to one user of an organisation. */
export function noticeFor<T extends TemplateId>(user: NoticeRecipient, template: T, data: TemplateData<T>): EmailToQueue<T> {
  return { template, to: user.email, organisationId: user.organisationId, recipientName: user.name ?? null, data };
}

/**
 * Whether a user notice reaches this account. An invited person has no account to secure yet:
 * their invitation (and the wizard it leads to) says what is required.
 */
export const receivesNotices = (user: { accountStatus?: string }) => user.accountStatus !== "INVITED";

/** Who made a change, as the admins' email names them. */
export function changedBy(author: ChangeAuthor): string {
  return author.operator ? `an operator (${author.operator.user}@${author.operator.host})` : author.actor.email;
}

/** A date as the templates take it. */
export const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

// ---------------------------------------------------------------------------------------
// The words of a change, for the admins' emails.

const entry = (cidr: string, description?: string | null) => (description ? `${cidr} (${description})` : cidr);

export type AccessListChangeWords =
  | { kind: "add"; cidr: string; description: string }
  | { kind: "update"; before: { cidr: string; description: string }; after: { cidr: string; description: string } }
  | { kind: "remove"; cidr: string; description: string }
  | { kind: "switch"; enabled: boolean }
  | { kind: "break-glass"; reason: string };

export function accessListChangeInWords(change: AccessListChangeWords): string {
  switch (change.kind) {
    case "add":
      return `added ${entry(change.cidr, change.description)}`;
    case "update":
      return change.before.cidr === change.after.cidr
        ? `renamed ${change.after.cidr} from "${change.before.description}" to "${change.after.description}"`
        : `changed ${entry(change.before.cidr, change.before.description)} to ${entry(change.after.cidr, change.after.description)}`;
    case "remove":
      return `removed ${entry(change.cidr, change.description)}`;
    case "switch":
      return change.enabled ? "turned the Access List on" : "turned the Access List off";
    case "break-glass":
      return `turned the Access List off from the command line (break-glass${change.reason ? `: ${change.reason}` : ""})`;
  }
}

const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;
const users = (n: number) => `${n} user${n === 1 ? "" : "s"}`;

export function twoFactorPolicyChangeInWords(
  before: { requireTwoFactor: boolean; graceDays: number },
  after: { requireTwoFactor: boolean; graceDays: number; usersChanged: number },
): string | null {
  const grace = after.graceDays ? `with a grace period of ${days(after.graceDays)}` : "with no grace period";
  if (after.requireTwoFactor && !before.requireTwoFactor)
    return `turned on "Require 2FA for all users", ${grace} (${users(after.usersChanged)} now required to set it up)`;
  if (!after.requireTwoFactor && before.requireTwoFactor)
    return `turned off "Require 2FA for all users" (${users(after.usersChanged)} no longer required)`;
  if (after.graceDays !== before.graceDays)
    return `changed the grace period for setting up 2FA from ${days(before.graceDays)} to ${days(after.graceDays)}`;
  return null;
}

const LOGIN_METHODS = { STANDARD: "Standard (password only)", TWO_FACTOR: "Two-Factor Authentication" } as const;

export function loginMethodChangeInWords(before: keyof typeof LOGIN_METHODS, after: keyof typeof LOGIN_METHODS): string | null {
  return before === after ? null : `changed the login method from ${LOGIN_METHODS[before]} to ${LOGIN_METHODS[after]}`;
}

// ---------------------------------------------------------------------------------------
// The browser of a sign-in, as a person reads it: "Chrome on Linux". A few checks in the
// order that matters (Edge and Opera also say Chrome; Chrome also says Safari), no package.

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\b(Headless)?Chrome\/|\bCriOS\/|\bChromium\//, "Chrome"],
  [/\bSafari\//, "Safari"],
  [/\bcurl\//, "curl"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\b(iPhone|iPad|iPod)\b/, "iOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bWindows\b/, "Windows"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b|\bX11\b/, "Linux"],
];

export function describeBrowser(userAgent: string | null | undefined): string {
  if (!userAgent) return "an unknown browser";
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `a browser on ${system}`;
  return "an unknown browser";
}

// ---------------------------------------------------------------------------------------
// Notices that need a read in the change's transaction.

/** How far back a sign-in address counts as known. */
export const KNOWN_ADDRESS_MS = 90 * 24 * 60 * 60 * 1000;

/**
 * On a completed sign-in, before its `login.succeeded` event is written: mails the user when
 * this address has no sign-in of theirs in the last 90 days. Not on the very first sign-in
 * (lastLoginAt still null): every address is new then, and the account owner just set it up.
 * One query: the user by id, with an EXISTS on the index AuditEvent(targetId, type, createdAt).
 */
export async function noticeSignInAddress(
  db: DbOrTransaction,
  sign: { userId: string; ip: string; userAgent: string | null; now: Date },
): Promise<void> {
  const since = new Date(sign.now.getTime() - KNOWN_ADDRESS_MS);
  const rows = await db.$queryRaw<{ email: string; name: string; organisationId: string; lastLoginAt: unknown; known: unknown }[]>`
    SELECT u."email", u."name", u."organisationId", u."lastLoginAt",
           EXISTS (SELECT 1 FROM "AuditEvent" a
                   WHERE a."targetId" = u."id" AND a."type" = 'login.succeeded' AND a."createdAt" >= ${since} AND a."ip" = ${sign.ip}) AS "known"
    FROM "User" u
    WHERE u."id" = ${sign.userId}`;
  const user = rows[0];
  // EXISTS is a boolean on PostgreSQL, 0 or 1 on SQLite.
  if (!user || user.lastLoginAt === null || Number(user.known) === 1) return;
  await queueEmail(
    db,
    noticeFor(user, "new-sign-in-address", { ip: sign.ip, browser: describeBrowser(sign.userAgent), at: sign.now.toISOString() }),
    { now: sign.now },
  );
}

/**
 * A wrong code just started a lock (not a refusal while locked): the user is told until when;
 * the lock that waits for an admin also goes to every admin of the organisation.
 */
export async function noticeLockStarted(db: DbOrTransaction, lock: { userId: string; state: LockState; now: Date }): Promise<void> {
  if (lock.state.kind === "open") return;
  const user = await db.user.findUnique({ where: { id: lock.userId }, select: { email: true, name: true, organisationId: true } });
  if (!user) return;
  const until = lock.state.kind === "locked" ? isoOrNull(lock.state.until) : null;
  await queueEmail(db, noticeFor(user, "two-factor-locked", { until }), { now: lock.now });
  if (lock.state.kind === "locked-by-admin") {
    await queueEmailToAdmins(
      db,
      { template: "admin-user-locked", organisationId: user.organisationId, data: { userEmail: user.email, userName: user.name } },
      { now: lock.now },
    );
  }
}

/** A backup code was just spent in this transaction: how many are left goes in the email. */
export async function noticeBackupCodeUsed(db: DbOrTransaction, used: { user: NoticeRecipient & { id: string }; now: Date }): Promise<void> {
  const remaining = await db.backupCode.count({ where: { userId: used.user.id, active: true, usedAt: null } });
  await queueEmail(db, noticeFor(used.user, "backup-code-used", { remaining }), { now: used.now });
}
