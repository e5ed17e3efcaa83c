import { describe, expect, it } from "vitest";
import { renderEmail } from "./render";
import { TEMPLATE_IDS, type TemplateData, type TemplateId } from "./templates";

const at = "2026-11-30T21:15:00.000Z";
const SAMPLES: { [T in TemplateId]: TemplateData<T> } = {
  "two-factor-required": { by: "policy", dueAt: at },
  "two-factor-enrolled": { method: "app" },
  "two-factor-app-changed": {},
  "backup-code-used": { remaining: 7 },
  "backup-codes-regenerated": {},
  "two-factor-disabled-by-admin": {},
  "two-factor-reset-by-admin": {},
  "two-factor-locked": { until: at },
  "new-sign-in-address": { ip: "203.0.113.7", browser: "Firefox on Linux", at },
  "password-changed": { how: "changed", at },
  "password-reset": { expiresAt: at },
  invitation: { invitedBy: "Ada Admin", expiresAt: at },
  "invitation-existing-account": { invitingOrganisation: "Globex" },
  "admin-access-list-changed": { change: "added 10.0.0.0/8 (Office)", by: "admin@acme.test" },
  "admin-user-locked": { userEmail: "alice@acme.test", userName: "Alice Anderson" },
  "admin-policy-changed": { change: "2FA is now required for every user, with 7 days' grace", by: "admin@acme.test" },
  "recovery-requested": {
    userName: "Alice Anderson",
    userEmail: "alice@acme.test",
    at,
    ip: "203.0.113.7",
    browser: "Firefox on Linux",
    hasMessage: true,
  },
  "temporary-code-issued": { expiresAt: at },
  "temporary-code-used": { at, ip: "203.0.113.7" },
  "temporary-code-expired": { expiredAt: at },
  "passkey-added": { name: "Work laptop" },
  "passkey-renamed": { from: "Passkey", to: "YubiKey 5" },
  "passkey-removed": { name: "Old phone" },
  "passkey-clone-suspected": { name: "YubiKey 5", at, ip: "203.0.113.7" },
};
const context = {
  organisationName: "Acme Corp",
  recipientName: "Alice Anderson",
  appUrl: "https://twofold.example.com",
  link: "https://twofold.example.com/x?token=abc",
};
// Emails that tell of something done to the account say what to do if it was not the reader.
const NOT_SECURITY_EVENTS: TemplateId[] = ["two-factor-required", "invitation-existing-account", "admin-user-locked", "recovery-requested"];

describe("email templates", () => {
  it.each(TEMPLATE_IDS)("%s renders HTML and plain text with the organisation and times in UTC", async (template) => {
    const email = await renderEmail(template, SAMPLES[template], context);
    expect(email.subject.length).toBeGreaterThan(10);
    expect(email.html).toMatch(/^<!DOCTYPE html/);
    expect(email.html).toContain("Acme Corp");
    expect(email.text).toContain("Acme Corp");
    expect(email.text).not.toMatch(/<[a-z]+[\s>]/i);
    if (JSON.stringify(SAMPLES[template]).includes(at)) expect(email.text).toContain("30 November 2026 at 21:15 UTC");
    if (!NOT_SECURITY_EVENTS.includes(template)) expect(email.text).toMatch(/Wasn't you|Didn't (ask|expect)|Not expecting/);
  });

  it("puts the one-time link in invitation and reset emails, as a button and as text", async () => {
    for (const template of ["invitation", "password-reset"] as const) {
      const email = await renderEmail(template, SAMPLES[template], context);
      expect(email.html).toContain('href="https://twofold.example.com/x?token=abc"');
      expect(email.text).toContain("https://twofold.example.com/x?token=abc");
    }
  });

  it("warns harder when 3 or fewer backup codes are left", async () => {
    const many = await renderEmail("backup-code-used", { remaining: 4 }, context);
    const few = await renderEmail("backup-code-used", { remaining: 3 }, context);
    expect(many.subject).not.toMatch(/only/i);
    expect(few.subject).toBe("A backup code was used: only 3 left");
    expect(few.text).toContain("Only 3 backup codes left");
  });

  it("refuses an unknown template or data that does not fit it", async () => {
    await expect(renderEmail("nope", {}, context)).rejects.toThrow(/Unknown email template/);
    await expect(renderEmail("backup-code-used", { remaining: "many" }, context)).rejects.toThrow(/Bad data/);
  });

  it("escapes what users typed (names, descriptions)", async () => {
    const email = await renderEmail("admin-access-list-changed", { change: 'added <img src=x onerror="alert(1)">', by: "a@b.test" }, context);
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).toContain("&lt;img");
  });

  it("points to a recovery request's message in the app (never its text: anyone with the password writes it), and says how to hand the code over", async () => {
    const email = await renderEmail("recovery-requested", SAMPLES["recovery-requested"], context);
    expect(email.text).toContain("They left a message for you");
    expect(email.text).toContain("/admin/login-and-2fa");
    expect(email.text).toMatch(/never by email/);
  });

  it("says what was set up: an outbox row from before passkeys (no method) still renders as an authenticator app", async () => {
    const old = await renderEmail("two-factor-enrolled", {}, context);
    expect(old.text).toContain("a code from your authenticator app");
    const passkey = await renderEmail("two-factor-enrolled", { method: "passkey", passkeyName: "Work laptop" }, context);
    expect(passkey.text).toContain('your passkey or security key ("Work laptop")');
    expect(passkey.text).not.toContain("authenticator app");
  });
});
