import { describe, expect, it } from "vitest";
import { AUDIT_TYPES, type AuditType } from "@/lib/audit-types";
import {
  auditDetailLines,
  auditTypeLabel,
  auditTypeOptions,
  describeAuditEvent,
  parseAuditDetail,
  type AuditSentenceInput,
} from "./audit-vocabulary";

const ada = { name: "Ada Admin", email: "ada@acme.test" };
const alice = { name: "Alice Anderson", email: "alice@acme.test" };
const operator = { operatorUser: "root", operatorHost: "ops1" };

/** A realistic event of each type, as the code that writes it fills it in, and the sentence it reads as. */
const EXAMPLES: Record<AuditType, [Omit<AuditSentenceInput, "type">, string]> = {
  "login.succeeded": [{ actor: alice, target: alice, detail: { method: "totp" } }, "Alice Anderson signed in"],
  "login.failed": [{ actor: null, target: alice, detail: { reason: "wrong password" } }, "Sign-in failed for Alice Anderson (wrong password)"],
  "login.password_accepted": [
    { actor: alice, target: alice, detail: { next: "two-factor challenge" } },
    "Password accepted for Alice Anderson, two-factor challenge next",
  ],
  "login.cancelled": [{ actor: alice, target: alice, detail: null }, "Alice Anderson cancelled a sign-in at the 2FA step"],
  "login.abandoned": [
    { actor: alice, target: alice, detail: { passwordAt: "2030-01-01T10:00:00.000Z" } },
    "Sign-in by Alice Anderson abandoned at the 2FA step (time ran out)",
  ],
  logout: [{ actor: alice, target: alice, detail: null }, "Alice Anderson signed out"],
  "two_factor.failed": [{ actor: alice, target: alice, detail: { method: "totp" } }, "Sign-in failed for Alice Anderson (wrong code)"],
  "two_factor.replayed": [{ actor: alice, target: alice, detail: { method: "totp" } }, "Sign-in failed for Alice Anderson (code already used)"],
  "two_factor.locked": [
    { actor: alice, target: alice, detail: { method: "backup-code" } },
    "Sign-in failed for Alice Anderson (wrong backup code); 2FA is now locked",
  ],
  "two_factor.enrolled": [{ actor: alice, target: alice, detail: null }, "Alice Anderson set up 2FA"],
  "two_factor.backup_code_used": [{ actor: alice, target: alice, detail: null }, "Alice Anderson used a backup code"],
  "two_factor.backup_codes_regenerated": [{ actor: alice, target: alice, detail: null }, "Alice Anderson generated new backup codes"],
  "sessions.revoked": [{ actor: alice, target: alice, detail: { ended: 2 } }, "Alice Anderson signed out 2 other sessions"],
  "two_factor.enabled_by_admin": [{ actor: ada, target: alice, detail: null }, "Ada Admin enabled 2FA for Alice Anderson"],
  "two_factor.disabled_by_admin": [{ actor: ada, target: alice, detail: null }, "Ada Admin disabled 2FA for Alice Anderson"],
  "two_factor.reset_by_admin": [{ actor: ada, target: alice, detail: null }, "Ada Admin reset 2FA for Alice Anderson"],
  "two_factor.unlocked_by_admin": [{ actor: ada, target: alice, detail: null }, "Ada Admin unlocked 2FA for Alice Anderson"],
  "organisation.policy_changed": [
    { actor: ada, target: null, detail: { requireTwoFactor: true, graceDays: 3, usersChanged: 5 } },
    "Ada Admin required 2FA for all users (grace period 3 days)",
  ],
  "organisation.login_method_changed": [
    { actor: ada, target: null, detail: { loginMethod: "STANDARD" } },
    "Ada Admin set the login method to Standard (email and password)",
  ],
  "user.created": [{ actor: ada, target: alice, detail: { role: "MEMBER" } }, "Ada Admin added Alice Anderson as a member"],
  "user.removed": [
    { actor: ada, target: { name: null, email: "alice@acme.test" }, detail: { name: "Alice Anderson", role: "MEMBER" } },
    "Ada Admin removed Alice Anderson",
  ],
  "organisation.created": [
    { actor: null, target: null, detail: { slug: "acme", name: "Acme Corp", ...operator } },
    "Operator root@ops1 created the organisation Acme Corp",
  ],
  "two_factor.grace_moved_by_operator": [
    { actor: null, target: alice, detail: { from: null, to: "2030-01-02T00:00:00.000Z", reason: "test", ...operator } },
    "Operator root@ops1 moved the 2FA set-up deadline of Alice Anderson",
  ],
  "user.locks_expired_by_operator": [
    { actor: null, target: alice, detail: { twoFactorFailures: 5, ...operator } },
    "Operator root@ops1 ended the sign-in locks of Alice Anderson",
  ],
  "keys.rotated": [
    { actor: null, target: null, detail: { keyId: "k2", resealed: 3, unreadable: 1, resealedTotpSecrets: 2, ...operator } },
    "Operator root@ops1 re-encrypted 3 stored secrets with the key k2; 1 could not be opened",
  ],
  "access_list.enabled": [{ actor: ada, target: null, detail: null }, "Ada Admin turned on the Access List"],
  "access_list.disabled": [{ actor: ada, target: null, detail: null }, "Ada Admin turned off the Access List"],
  "access_list.disabled_by_operator": [
    { actor: null, target: null, detail: { reason: "locked out", ...operator } },
    "Operator root@ops1 turned off the Access List",
  ],
  "access_list.entry_added": [{ actor: ada, target: null, detail: { cidr: "203.0.113.0/24" } }, "Ada Admin added 203.0.113.0/24 to the Access List"],
  "access_list.entry_updated": [
    { actor: ada, target: null, detail: { cidr: "198.51.100.0/24" } },
    "Ada Admin changed an Access List entry to 198.51.100.0/24",
  ],
  "access_list.entry_removed": [
    { actor: ada, target: null, detail: { cidr: "203.0.113.0/24" } },
    "Ada Admin removed 203.0.113.0/24 from the Access List",
  ],
  "access_list.sign_in_refused": [
    { actor: null, target: alice, detail: null },
    "Sign-in refused for Alice Anderson (address not on the Access List)",
  ],
  "user.invited": [{ actor: ada, target: alice, detail: { role: "ADMIN" } }, "Ada Admin invited Alice Anderson as an admin"],
  "user.invitation_resent": [{ actor: ada, target: alice, detail: { sentCount: 2 } }, "Ada Admin resent the invitation of Alice Anderson"],
  "user.invitation_revoked": [
    { actor: ada, target: { name: null, email: "alice@acme.test" }, detail: { name: "Alice Anderson" } },
    "Ada Admin revoked the invitation of Alice Anderson",
  ],
  "user.invitation_accepted": [{ actor: alice, target: alice, detail: null }, "Alice Anderson accepted the invitation and chose a password"],
  "password.reset_requested": [
    { actor: null, target: alice, detail: { expiresAt: "2030-01-01T10:30:00.000Z" } },
    "A password reset link was sent to Alice Anderson",
  ],
  "password.reset": [
    { actor: alice, target: alice, detail: { ended: 2 } },
    "Alice Anderson reset their password with an emailed link; every session was signed out",
  ],
  "password.changed": [
    { actor: alice, target: alice, detail: { ended: 1 } },
    "Alice Anderson changed their password; their other sessions were signed out",
  ],
  "recovery.requested": [
    { actor: alice, target: alice, detail: null },
    "Alice Anderson asked an admin for help signing in (lost phone and backup codes)",
  ],
  "recovery.dismissed": [{ actor: ada, target: alice, detail: null }, "Ada Admin dismissed the recovery request of Alice Anderson"],
  "two_factor.temporary_code_issued": [
    { actor: ada, target: alice, detail: { hours: 1 } },
    "Ada Admin issued a temporary access code for Alice Anderson (valid 1 hour)",
  ],
  "two_factor.temporary_code_used": [
    { actor: alice, target: alice, detail: null },
    "Alice Anderson signed in with a temporary access code and must set up 2FA again",
  ],
  "two_factor.temporary_code_expired": [{ actor: null, target: alice, detail: null }, "The temporary access code of Alice Anderson expired unused"],
  "trusted_browser.added": [
    { actor: alice, target: alice, detail: { browser: "Chrome on Linux", days: 30 } },
    "Alice Anderson trusted Chrome on Linux for 30 days",
  ],
  "trusted_browser.forgotten": [{ actor: ada, target: alice, detail: { count: 2 } }, "Ada Admin forgot 2 trusted browsers of Alice Anderson"],
  "organisation.trusted_browsers_changed": [{ actor: ada, target: null, detail: { days: 7 } }, "Ada Admin let users trust a browser for 7 days"],
  "session.signed_out": [{ actor: alice, target: alice, detail: null }, "Alice Anderson signed out one of their sessions"],
  "sessions.revoked_by_admin": [{ actor: ada, target: alice, detail: { ended: 3 } }, "Ada Admin signed out 3 sessions of Alice Anderson"],
  "users.exported": [{ actor: ada, target: null, detail: { rows: 25 } }, "Ada Admin exported 25 users as CSV"],
  "passkey.added": [{ actor: alice, target: alice, detail: { name: "Work laptop" } }, 'Alice Anderson added the passkey "Work laptop"'],
  "passkey.renamed": [
    { actor: alice, target: alice, detail: { from: "Passkey", to: "YubiKey 5" } },
    'Alice Anderson renamed the passkey "Passkey" to "YubiKey 5"',
  ],
  "passkey.removed": [{ actor: alice, target: alice, detail: { name: "Old phone" } }, 'Alice Anderson removed the passkey "Old phone"'],
  "passkey.clone_suspected": [
    { actor: null, target: alice, detail: { name: "YubiKey 5" } },
    'A sign-in with the passkey "YubiKey 5" of Alice Anderson was refused: its signature counter went back, a sign of a copied security key',
  ],
};

describe("the audit vocabulary", () => {
  it.each(AUDIT_TYPES.map((type) => [type]))("%s reads as a sentence naming the people", (type) => {
    const example = EXAMPLES[type];
    // A type added to AUDIT_TYPES without an example (and a sentence) fails here.
    expect(example, `no example for ${type}`).toBeDefined();
    const [input, sentence] = example;
    expect(describeAuditEvent({ type, ...input })).toBe(sentence);
    expect(sentence).not.toContain(type);
  });

  it("gives every type a label in words, in exactly one filter group", () => {
    const grouped = auditTypeOptions().flatMap(({ options }) => options.map((option) => option.value));
    expect([...grouped].sort()).toEqual([...AUDIT_TYPES].sort());
    for (const type of AUDIT_TYPES) {
      expect(auditTypeLabel(type)).toMatch(/^[A-Z0-9][^_]*$/);
    }
    expect(new Set(AUDIT_TYPES.map(auditTypeLabel)).size).toBe(AUDIT_TYPES.length);
  });

  it("names a person by email when their name is unknown, and the system when nobody acted", () => {
    expect(
      describeAuditEvent({ type: "two_factor.enabled_by_admin", actor: { name: null, email: "gone@acme.test" }, target: alice, detail: null }),
    ).toBe("gone@acme.test enabled 2FA for Alice Anderson");
    expect(describeAuditEvent({ type: "access_list.disabled", actor: null, target: null, detail: null })).toBe(
      "The system turned off the Access List",
    );
    expect(describeAuditEvent({ type: "organisation.policy_changed", actor: ada, target: null, detail: { requireTwoFactor: false } })).toBe(
      "Ada Admin stopped requiring 2FA for all users",
    );
  });
});

describe("auditDetailLines", () => {
  it("lists what the CSV has: who, whom and each detail, in words", () => {
    expect(
      auditDetailLines({
        actorEmail: "ada@acme.test",
        targetEmail: "alice@acme.test",
        detail: { loginMethod: "TWO_FACTOR", broadRangeConfirmed: true, from: null, to: "2030-01-02T00:00:00.000Z" },
      }),
    ).toEqual([
      { key: "Who", value: "ada@acme.test" },
      { key: "Whom", value: "alice@acme.test" },
      { key: "Login method", value: "Two-Factor Authentication (2FA)" },
      { key: "Broad range confirmed", value: "yes" },
      { key: "From", value: "none" },
      { key: "To", value: "2030-01-02T00:00:00.000Z", time: true },
    ]);
    expect(auditDetailLines({ actorEmail: null, targetEmail: null, detail: { role: "MEMBER", method: "backup-code" } })).toEqual([
      { key: "Role", value: "Member" },
      { key: "Method", value: "backup code" },
    ]);
    expect(auditDetailLines({ actorEmail: null, targetEmail: null, detail: null })).toEqual([]);
  });

  it("reads a stored detail column, and ignores one that is not an object", () => {
    expect(parseAuditDetail('{"reason":"wrong password"}')).toEqual({ reason: "wrong password" });
    expect(parseAuditDetail("[1]")).toBeNull();
    expect(parseAuditDetail("not json")).toBeNull();
    expect(parseAuditDetail(null)).toBeNull();
  });
});
