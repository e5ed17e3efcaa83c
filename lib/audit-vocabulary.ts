// The audit log's words: for every audit type, its filter label, its group in the filter and
// the sentence a row reads as ("Ada Admin enabled 2FA for Alice Anderson"). Pure data and
// functions, so server pages and client components share them; the stored value is the type.
import { AUDIT_TYPES, type AuditType } from "@/lib/audit-types";

/** Someone named in an event: the user's current name when they still exist, else the stored email. */
export interface AuditPerson {
  name: string | null;
  email: string | null;
}

export interface AuditSentenceInput {
  type: AuditType;
  actor: AuditPerson | null;
  target: AuditPerson | null;
  detail: Record<string, unknown> | null;
}

export type AuditGroup = "Sign-ins" | "Two-factor authentication" | "Users and organisation" | "Access List";
export const AUDIT_GROUPS: readonly AuditGroup[] = ["Sign-ins", "Two-factor authentication", "Users and organisation", "Access List"];

interface Words {
  label: string;
  group: AuditGroup;
  sentence: (names: { actor: string; target: string; detail: Record<string, unknown> }) => string;
}

const text = (value: unknown): string | null => (typeof value === "string" && value ? value : null);
/** A name the user typed, in quotes ("Work laptop"). */
const quoted = (value: unknown): string | null => (text(value) ? `"${text(value)}"` : null);

const LOGIN_METHODS: Record<string, string> = { STANDARD: "Standard (email and password)", TWO_FACTOR: "Two-Factor Authentication (2FA)" };

function policySentence(actor: string, detail: Record<string, unknown>): string {
  if (detail.requireTwoFactor !== true) return `${actor} stopped requiring 2FA for all users`;
  const days = typeof detail.graceDays === "number" && detail.graceDays > 0 ? detail.graceDays : 0;
  return `${actor} required 2FA for all users${days ? ` (grace period ${days} ${days === 1 ? "day" : "days"})` : ""}`;
}

function codeKind(detail: Record<string, unknown>): string {
  return detail.method === "backup-code" ? "backup code" : "code";
}

const WORDS = {
  "login.succeeded": { label: "Signed in", group: "Sign-ins", sentence: ({ target }) => `${target} signed in` },
  "login.failed": {
    label: "Sign-in failed (password)",
    group: "Sign-ins",
    sentence: ({ target, detail }) => `Sign-in failed for ${target} (${text(detail.reason) ?? "wrong password"})`,
  },
  "login.password_accepted": {
    label: "Password accepted",
    group: "Sign-ins",
    sentence: ({ target, detail }) => `Password accepted for ${target}${text(detail.next) ? `, ${text(detail.next)} next` : ""}`,
  },
  "login.cancelled": { label: "Sign-in cancelled", group: "Sign-ins", sentence: ({ target }) => `${target} cancelled a sign-in at the 2FA step` },
  "login.abandoned": {
    label: "Sign-in abandoned",
    group: "Sign-ins",
    sentence: ({ target }) => `Sign-in by ${target} abandoned at the 2FA step (time ran out)`,
  },
  logout: { label: "Signed out", group: "Sign-ins", sentence: ({ target }) => `${target} signed out` },
  "sessions.revoked": {
    label: "Other sessions signed out",
    group: "Sign-ins",
    sentence: ({ actor, detail }) => {
      const ended = typeof detail.ended === "number" ? detail.ended : null;
      return ended === null
        ? `${actor} signed out their other sessions`
        : `${actor} signed out ${ended} other ${ended === 1 ? "session" : "sessions"}`;
    },
  },
  "two_factor.failed": {
    label: "Sign-in failed (2FA code)",
    group: "Sign-ins",
    sentence: ({ target, detail }) => `Sign-in failed for ${target} (wrong ${codeKind(detail)})`,
  },
  "two_factor.replayed": {
    label: "Sign-in failed (code used twice)",
    group: "Sign-ins",
    sentence: ({ target }) => `Sign-in failed for ${target} (code already used)`,
  },
  "two_factor.locked": {
    label: "2FA locked",
    group: "Two-factor authentication",
    sentence: ({ target, detail }) => `Sign-in failed for ${target} (wrong ${codeKind(detail)}); 2FA is now locked`,
  },
  "two_factor.enrolled": { label: "2FA set up", group: "Two-factor authentication", sentence: ({ target }) => `${target} set up 2FA` },
  "two_factor.backup_code_used": {
    label: "Backup code used",
    group: "Two-factor authentication",
    sentence: ({ target }) => `${target} used a backup code`,
  },
  "two_factor.backup_codes_regenerated": {
    label: "Backup codes regenerated",
    group: "Two-factor authentication",
    sentence: ({ target }) => `${target} generated new backup codes`,
  },
  "two_factor.enabled_by_admin": {
    label: "2FA enabled by an admin",
    group: "Two-factor authentication",
    sentence: ({ actor, target }) => `${actor} enabled 2FA for ${target}`,
  },
  "two_factor.disabled_by_admin": {
    label: "2FA disabled by an admin",
    group: "Two-factor authentication",
    sentence: ({ actor, target }) => `${actor} disabled 2FA for ${target}`,
  },
  "two_factor.reset_by_admin": {
    label: "2FA reset by an admin",
    group: "Two-factor authentication",
    sentence: ({ actor, target }) => `${actor} reset 2FA for ${target}`,
  },
  "two_factor.unlocked_by_admin": {
    label: "Unlocked by an admin",
    group: "Two-factor authentication",
    sentence: ({ actor, target }) => `${actor} unlocked 2FA for ${target}`,
  },
  "two_factor.grace_moved_by_operator": {
    label: "2FA deadline moved by an operator",
    group: "Two-factor authentication",
    sentence: ({ actor, target }) => `${actor} moved the 2FA set-up deadline of ${target}`,
  },
  "user.locks_expired_by_operator": {
    label: "Locks ended by an operator",
    group: "Two-factor authentication",
    sentence: ({ actor, target }) => `${actor} ended the sign-in locks of ${target}`,
  },
  "organisation.policy_changed": {
    label: "2FA policy changed",
    group: "Users and organisation",
    sentence: ({ actor, detail }) => policySentence(actor, detail),
  },
  "organisation.login_method_changed": {
    label: "Login method changed",
    group: "Users and organisation",
    sentence: ({ actor, detail }) => {
      const method = LOGIN_METHODS[text(detail.loginMethod) ?? ""];
      return method ? `${actor} set the login method to ${method}` : `${actor} changed the login method`;
    },
  },
  "organisation.created": {
    label: "Organisation created",
    group: "Users and organisation",
    sentence: ({ actor, detail }) => `${actor} created the organisation${text(detail.name) ? ` ${text(detail.name)}` : ""}`,
  },
  "user.created": {
    label: "User added",
    group: "Users and organisation",
    sentence: ({ actor, target, detail }) =>
      `${actor} added ${target}${detail.role === "ADMIN" ? " as an admin" : detail.role === "MEMBER" ? " as a member" : ""}`,
  },
  "user.removed": { label: "User removed", group: "Users and organisation", sentence: ({ actor, target }) => `${actor} removed ${target}` },
  "access_list.enabled": { label: "Access List turned on", group: "Access List", sentence: ({ actor }) => `${actor} turned on the Access List` },
  "access_list.disabled": { label: "Access List turned off", group: "Access List", sentence: ({ actor }) => `${actor} turned off the Access List` },
  "access_list.disabled_by_operator": {
    label: "Access List turned off by an operator",
    group: "Access List",
    sentence: ({ actor }) => `${actor} turned off the Access List`,
  },
  "access_list.entry_added": {
    label: "Access List entry added",
    group: "Access List",
    sentence: ({ actor, detail }) => `${actor} added ${text(detail.cidr) ?? "an entry"} to the Access List`,
  },
  "access_list.entry_updated": {
    label: "Access List entry changed",
    group: "Access List",
    sentence: ({ actor, detail }) => `${actor} changed an Access List entry to ${text(detail.cidr) ?? "a new range"}`,
  },
  "access_list.entry_removed": {
    label: "Access List entry removed",
    group: "Access List",
    sentence: ({ actor, detail }) => `${actor} removed ${text(detail.cidr) ?? "an entry"} from the Access List`,
  },
  "access_list.sign_in_refused": {
    label: "Sign-in refused (Access List)",
    group: "Sign-ins",
    sentence: ({ target }) => `Sign-in refused for ${target} (address not on the Access List)`,
  },
  "user.invited": {
    label: "User invited",
    group: "Users and organisation",
    sentence: ({ actor, target, detail }) =>
      `${actor} invited ${target}${detail.role === "ADMIN" ? " as an admin" : detail.role === "MEMBER" ? " as a member" : ""}`,
  },
  "user.invitation_resent": {
    label: "Invitation resent",
    group: "Users and organisation",
    sentence: ({ actor, target }) => `${actor} resent the invitation of ${target}`,
  },
  "user.invitation_revoked": {
    label: "Invitation revoked",
    group: "Users and organisation",
    sentence: ({ actor, target }) => `${actor} revoked the invitation of ${target}`,
  },
  "user.invitation_accepted": {
    label: "Invitation accepted",
    group: "Users and organisation",
    sentence: ({ target }) => `${target} accepted the invitation and chose a password`,
  },
  "password.reset_requested": {
    label: "Password reset requested",
    group: "Sign-ins",
    sentence: ({ target }) => `A password reset link was sent to ${target}`,
  },
  "password.reset": {
    label: "Password reset",
    group: "Sign-ins",
    sentence: ({ target }) => `${target} reset their password with an emailed link; every session was signed out`,
  },
  "password.changed": {
    label: "Password changed",
    group: "Sign-ins",
    sentence: ({ actor }) => `${actor} changed their password; their other sessions were signed out`,
  },
  "recovery.requested": {
    label: "Recovery requested",
    group: "Two-factor authentication",
    sentence: ({ target }) => `${target} asked an admin for help signing in (lost phone and backup codes)`,
  },
  "recovery.dismissed": {
    label: "Recovery request dismissed",
    group: "Two-factor authentication",
    sentence: ({ actor, target }) => `${actor} dismissed the recovery request of ${target}`,
  },
  "two_factor.temporary_code_issued": {
    label: "Temporary access code issued",
    group: "Two-factor authentication",
    sentence: ({ actor, target, detail }) =>
      `${actor} issued a temporary access code for ${target}${typeof detail.hours === "number" ? ` (valid ${detail.hours} ${detail.hours === 1 ? "hour" : "hours"})` : ""}`,
  },
  "two_factor.temporary_code_used": {
    label: "Temporary access code used",
    group: "Two-factor authentication",
    sentence: ({ target }) => `${target} signed in with a temporary access code and must set up 2FA again`,
  },
  "two_factor.temporary_code_expired": {
    label: "Temporary access code expired",
    group: "Two-factor authentication",
    sentence: ({ target }) => `The temporary access code of ${target} expired unused`,
  },
  "trusted_browser.added": {
    label: "Browser trusted",
    group: "Sign-ins",
    sentence: ({ target, detail }) =>
      `${target} trusted ${text(detail.browser) ?? "a browser"}${typeof detail.days === "number" ? ` for ${detail.days} days` : ""}`,
  },
  "trusted_browser.forgotten": {
    label: "Trusted browsers forgotten",
    group: "Sign-ins",
    sentence: ({ actor, target, detail }) => {
      const count = typeof detail.count === "number" ? detail.count : null;
      const what = count === null ? "trusted browsers" : `${count} trusted ${count === 1 ? "browser" : "browsers"}`;
      return actor === target ? `${actor} forgot ${what}` : `${actor} forgot ${what} of ${target}`;
    },
  },
  "organisation.trusted_browsers_changed": {
    label: "Trusted browser setting changed",
    group: "Users and organisation",
    sentence: ({ actor, detail }) =>
      typeof detail.days === "number" && detail.days > 0
        ? `${actor} let users trust a browser for ${detail.days} days`
        : `${actor} turned off trusted browsers`,
  },
  "session.signed_out": {
    label: "Session signed out",
    group: "Sign-ins",
    sentence: ({ actor }) => `${actor} signed out one of their sessions`,
  },
  "sessions.revoked_by_admin": {
    label: "Sessions signed out by an admin",
    group: "Sign-ins",
    sentence: ({ actor, target, detail }) => {
      const ended = typeof detail.ended === "number" ? detail.ended : null;
      return `${actor} signed out ${ended === null ? "every" : ended} ${ended === 1 ? "session" : "sessions"} of ${target}`;
    },
  },
  "users.exported": {
    label: "Users exported",
    group: "Users and organisation",
    sentence: ({ actor, detail }) => `${actor} exported ${typeof detail.rows === "number" ? detail.rows : "the"} users as CSV`,
  },
  "passkey.added": {
    label: "Passkey added",
    group: "Two-factor authentication",
    sentence: ({ actor, detail }) => `${actor} added the passkey ${quoted(detail.name) ?? "(unnamed)"}`,
  },
  "passkey.renamed": {
    label: "Passkey renamed",
    group: "Two-factor authentication",
    sentence: ({ actor, detail }) => `${actor} renamed the passkey ${quoted(detail.from) ?? "(unnamed)"} to ${quoted(detail.to) ?? "(unnamed)"}`,
  },
  "passkey.removed": {
    label: "Passkey removed",
    group: "Two-factor authentication",
    sentence: ({ actor, target, detail }) => {
      const what = quoted(detail.name) ? `the passkey ${quoted(detail.name)}` : "a passkey";
      return actor === target ? `${actor} removed ${what}` : `${actor} removed ${what} of ${target}`;
    },
  },
  "passkey.clone_suspected": {
    label: "Copied passkey refused",
    group: "Two-factor authentication",
    sentence: ({ target, detail }) =>
      `A sign-in with the passkey ${quoted(detail.name) ?? "(unnamed)"} of ${target} was refused: its signature counter went back, a sign of a copied security key`,
  },
  "keys.rotated": {
    label: "Encryption key rotated",
    group: "Two-factor authentication",
    sentence: ({ actor, detail }) => {
      const resealed = typeof detail.resealed === "number" ? detail.resealed : null;
      const unreadable = typeof detail.unreadable === "number" ? detail.unreadable : 0;
      const what = resealed === null ? "stored secrets" : `${resealed} stored ${resealed === 1 ? "secret" : "secrets"}`;
      return (
        `${actor} re-encrypted ${what}${text(detail.keyId) ? ` with the key ${text(detail.keyId)}` : ""}` +
        (unreadable ? `; ${unreadable} could not be opened` : "")
      );
    },
  },
} satisfies Record<AuditType, Words>;

const VOCABULARY: Record<AuditType, Words> = WORDS;

export function auditTypeLabel(type: AuditType): string {
  return VOCABULARY[type].label;
}

/** The event filter's options, in the order of AUDIT_TYPES, grouped. */
export function auditTypeOptions(): { group: AuditGroup; options: { value: AuditType; label: string }[] }[] {
  return AUDIT_GROUPS.map((group) => ({
    group,
    options: AUDIT_TYPES.filter((type) => VOCABULARY[type].group === group).map((type) => ({ value: type, label: VOCABULARY[type].label })),
  }));
}

/** How a person is named: their name, else their email (a removed user), else `fallback`. */
function personName(person: AuditPerson | null, fallback: string): string {
  return person?.name || person?.email || fallback;
}

/** Who acted when no user did: an operator at the command line (named from the detail), or the system. */
function actorName(actor: AuditPerson | null, detail: Record<string, unknown>): string {
  if (actor) return personName(actor, "A removed user");
  const operator = text(detail.operatorSudoUser) ?? text(detail.operatorUser);
  if (operator) return `Operator ${operator}${text(detail.operatorHost) ? `@${text(detail.operatorHost)}` : ""}`;
  return "The system";
}

/** The sentence an audit row reads as, e.g. "Ada Admin enabled 2FA for Alice Anderson". */
export function describeAuditEvent(event: AuditSentenceInput): string {
  const detail = event.detail ?? {};
  const actor = actorName(event.actor, detail);
  // A removed user has no name to look up any more; their removal's detail kept it.
  const target = event.target?.name || text(detail.name) || personName(event.target, "a removed user");
  return VOCABULARY[event.type].sentence({ actor, target, detail });
}

/** One "key: value" line of a row's details. */
export interface AuditDetailLine {
  key: string;
  value: string;
  /** The value is a point in time (ISO 8601): shown in the viewer's time zone. */
  time?: boolean;
}

const KEY_WORDS: Record<string, string> = {
  who: "Who",
  whom: "Whom",
  cidr: "Range",
  ip: "IP",
  loginMethod: "Login method",
  requireTwoFactor: "Require 2FA",
  graceDays: "Grace days",
  usersChanged: "Users changed",
  broadRangeConfirmed: "Broad range confirmed",
  passwordAt: "Password at",
  operatorUser: "Operator",
  operatorHost: "Operator host",
  operatorSudoUser: "Operator (sudo)",
  twoFactorLockedUntil: "2FA locked until",
  twoFactorFailures: "2FA failures",
  passwordLockedUntil: "Password locked until",
  keyId: "Key id",
  resealedTotpSecrets: "Authenticator secrets re-encrypted",
  resealedPendingSecrets: "Set-up secrets re-encrypted",
  resealedEmailTokens: "Email link tokens re-encrypted",
};

/** Stored values that have words of their own (login methods, roles, second-factor methods). */
const VALUE_WORDS: Record<string, string> = {
  ...LOGIN_METHODS,
  ADMIN: "Admin",
  MEMBER: "Member",
  totp: "authenticator app",
  "backup-code": "backup code",
  "two-factor-setup": "2FA set-up",
};

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function keyWords(key: string): string {
  const known = KEY_WORDS[key];
  if (known) return known;
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function valueWords(value: unknown): { value: string; time?: boolean } {
  if (value === null || value === undefined) return { value: "none" };
  if (typeof value === "boolean") return { value: value ? "yes" : "no" };
  if (typeof value === "string") return ISO_TIME.test(value) ? { value, time: true } : { value: VALUE_WORDS[value] ?? value };
  if (typeof value === "number") return { value: String(value) };
  return { value: JSON.stringify(value) };
}

/** What the CSV export has for a row beyond its time, type and IP: who, whom and the detail, as readable lines. */
export function auditDetailLines(row: {
  actorEmail: string | null;
  targetEmail: string | null;
  detail: Record<string, unknown> | null;
}): AuditDetailLine[] {
  const lines: AuditDetailLine[] = [];
  if (row.actorEmail) lines.push({ key: "Who", value: row.actorEmail });
  if (row.targetEmail) lines.push({ key: "Whom", value: row.targetEmail });
  for (const [key, value] of Object.entries(row.detail ?? {})) lines.push({ key: keyWords(key), ...valueWords(value) });
  return lines;
}

/** A stored detail column as an object (null when absent or not an object). */
export function parseAuditDetail(detail: string | null): Record<string, unknown> | null {
  if (!detail) return null;
  try {
    const parsed: unknown = JSON.parse(detail);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
