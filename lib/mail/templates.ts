// Every email Twofold sends: its data (checked when rendered, so a bad row fails instead of
// mailing nonsense) and its words. Plain functions; email-layout.tsx draws them with React Email.
import { z } from "zod";

const iso = z.iso.datetime();

export const TEMPLATE_DATA = {
  // To the user
  "two-factor-required": z.object({ by: z.enum(["admin", "policy"]), dueAt: iso.nullable() }),
  // `method`: what the user set up (older outbox rows have none: an authenticator app).
  "two-factor-enrolled": z.object({ method: z.enum(["app", "passkey"]).default("app"), passkeyName: z.string().optional() }),
  "two-factor-app-changed": z.object({}),
  "backup-code-used": z.object({ remaining: z.number().int().min(0) }),
  "backup-codes-regenerated": z.object({}),
  "two-factor-disabled-by-admin": z.object({}),
  "two-factor-reset-by-admin": z.object({}),
  "two-factor-locked": z.object({ until: iso.nullable() }),
  "new-sign-in-address": z.object({ ip: z.string(), browser: z.string(), at: iso }),
  "password-changed": z.object({ how: z.enum(["changed", "reset"]), at: iso }),
  "password-reset": z.object({ expiresAt: iso }),
  invitation: z.object({ invitedBy: z.string(), expiresAt: iso }),
  "invitation-existing-account": z.object({ invitingOrganisation: z.string() }),
  // To every admin of the organisation
  "admin-access-list-changed": z.object({ change: z.string(), by: z.string() }),
  "admin-user-locked": z.object({ userEmail: z.string(), userName: z.string() }),
  "admin-policy-changed": z.object({ change: z.string(), by: z.string() }),
  "recovery-requested": z.object({
    userName: z.string(),
    userEmail: z.string(),
    at: iso,
    ip: z.string(),
    browser: z.string(),
    /** The message itself stays in the app: anyone with the password could write it, and mail clients turn its URLs into links. */
    hasMessage: z.boolean(),
  }),
  // To the user: a temporary access code issued, used, expired unused
  "temporary-code-issued": z.object({ expiresAt: iso }),
  "temporary-code-used": z.object({ at: iso, ip: z.string() }),
  "temporary-code-expired": z.object({ expiredAt: iso }),
  // To the user: their passkeys and security keys
  "passkey-added": z.object({ name: z.string() }),
  "passkey-renamed": z.object({ from: z.string(), to: z.string() }),
  "passkey-removed": z.object({ name: z.string() }),
  "passkey-clone-suspected": z.object({ name: z.string(), at: iso, ip: z.string() }),
} satisfies Record<string, z.ZodType>;

export type TemplateId = keyof typeof TEMPLATE_DATA;
export type TemplateData<T extends TemplateId> = z.infer<(typeof TEMPLATE_DATA)[T]>;
export const TEMPLATE_IDS = Object.keys(TEMPLATE_DATA) as TemplateId[];

/** Templates whose link carries a one-time token: sealed in the outbox, erased once sent. */
export const LINK_TEMPLATES = { invitation: "/invitation", "password-reset": "/reset-password" } as const satisfies Partial<
  Record<TemplateId, string>
>;

export interface RenderContext {
  organisationName: string;
  recipientName: string | null;
  appUrl: string;
  /** The one-time link of an invitation or password reset, opened from the outbox row. */
  link: string | null;
}

export interface EmailContent {
  subject: string;
  preview: string;
  heading: string;
  paragraphs: string[];
  facts?: [label: string, value: string][];
  action?: { label: string; url: string };
  /** A stronger tone for the warning at the top (few backup codes left, a lock). */
  urgent?: boolean;
  /** "Wasn't you?": what to do if the recipient did not do this. */
  wasntYou?: string;
  /** Why the recipient gets this email; security notices by default. */
  footer?: string;
}

export const securityFooter = (organisationName: string) =>
  `This security email was sent by Twofold for ${organisationName}. It cannot be turned off, because it is about your account's safety.`;

/** "30 November 2026 at 21:15 UTC": one zone for every reader, and it says which. */
export function formatTime(value: string | Date): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return `${new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(date)} UTC`;
}

const SIGN_IN = "Sign in";
const YOUR_ADMIN = "contact your organisation's admin";
const secureAccount = (context: RenderContext) =>
  `Wasn't you? Change your password now (Settings > Security at ${context.appUrl}/settings/security, or "Forgot password?" on the sign-in page) and ${YOUR_ADMIN}.`;
const adminWasntYou = "Wasn't you or another admin? Review the audit log (Admin > Audit log) and check who has admin rights.";

type Writers = { [T in TemplateId]: (data: TemplateData<T>, context: RenderContext) => EmailContent };

export const WRITERS: Writers = {
  "two-factor-required": (data, context) => ({
    subject: `Two-factor authentication is now required for your ${context.organisationName} account`,
    preview: "Set up an authenticator app at your next sign-in.",
    heading: "Two-factor authentication is now required",
    paragraphs: [
      data.by === "policy"
        ? `${context.organisationName} now requires two-factor authentication (2FA) for every account.`
        : `An admin of ${context.organisationName} turned on two-factor authentication (2FA) for your account.`,
      "At your next sign-in you will set up an authenticator app (such as Google Authenticator, Microsoft Authenticator or 1Password) and save backup codes. It takes about two minutes.",
      data.dueAt
        ? `You can still sign in without it until ${formatTime(data.dueAt)}; after that, setting it up is the only way in.`
        : "You will be asked to set it up as soon as you sign in.",
    ],
    action: { label: SIGN_IN, url: `${context.appUrl}/login` },
  }),
  "two-factor-enrolled": (data, context) =>
    data.method === "passkey"
      ? {
          subject: "Two-factor authentication is on for your account",
          preview: "Your passkey or security key is now your second step at sign-in.",
          heading: "Two-factor authentication is on",
          paragraphs: [
            `Your ${context.organisationName} account now asks for your passkey or security key${data.passkeyName ? ` ("${data.passkeyName}")` : ""} after your password.`,
            "Keep your backup codes somewhere safe: each one gets you in once if you lose the device your passkey is on.",
          ],
          wasntYou: secureAccount(context),
        }
      : {
          subject: "Two-factor authentication is on for your account",
          preview: "Your authenticator app is now your second step at sign-in.",
          heading: "Two-factor authentication is on",
          paragraphs: [
            `Your ${context.organisationName} account now asks for a code from your authenticator app after your password.`,
            "Keep your backup codes somewhere safe: each one gets you in once if you lose your phone.",
          ],
          wasntYou: secureAccount(context),
        },
  "two-factor-app-changed": (_data, context) => ({
    subject: "Your authenticator app was changed",
    preview: "Codes from your previous authenticator no longer work.",
    heading: "Your authenticator app was changed",
    paragraphs: [
      `A new authenticator app was set up for your ${context.organisationName} account. Codes from the previous one no longer work, and your old backup codes were replaced.`,
    ],
    wasntYou: secureAccount(context),
  }),
  "backup-code-used": (data, context) => ({
    subject: data.remaining <= 3 ? `A backup code was used: only ${data.remaining} left` : "A backup code was used to sign in to your account",
    preview: `${data.remaining} backup code${data.remaining === 1 ? "" : "s"} left.`,
    heading: "A backup code was used",
    urgent: data.remaining <= 3,
    paragraphs: [
      `Someone signed in to your ${context.organisationName} account with one of your backup codes instead of a code from your authenticator app.`,
      data.remaining === 0
        ? "You have no backup codes left. Generate new ones now in Settings > Security, or you could be locked out if you lose your phone."
        : data.remaining <= 3
          ? `Only ${data.remaining} backup code${data.remaining === 1 ? "" : "s"} left. Generate new ones now in Settings > Security, before you run out.`
          : `You have ${data.remaining} backup codes left.`,
    ],
    action: { label: "Open security settings", url: `${context.appUrl}/settings/security` },
    wasntYou: secureAccount(context),
  }),
  "backup-codes-regenerated": (_data, context) => ({
    subject: "New backup codes were generated for your account",
    preview: "Your previous backup codes no longer work.",
    heading: "New backup codes were generated",
    paragraphs: [`New backup codes were generated for your ${context.organisationName} account. The previous ones no longer work.`],
    wasntYou: secureAccount(context),
  }),
  "two-factor-disabled-by-admin": (_data, context) => ({
    subject: "An admin turned off two-factor authentication for your account",
    preview: "Your account now signs in with the password alone.",
    heading: "Two-factor authentication was turned off",
    paragraphs: [
      `An admin of ${context.organisationName} turned off two-factor authentication for your account: you now sign in with your password alone. Any authenticator app, passkeys and backup codes set up for it no longer work, and you were signed out everywhere.`,
    ],
    wasntYou: `Didn't expect this? ${YOUR_ADMIN[0]!.toUpperCase()}${YOUR_ADMIN.slice(1)}.`,
  }),
  "two-factor-reset-by-admin": (_data, context) => ({
    subject: "An admin reset two-factor authentication for your account",
    preview: "Set up your authenticator app again at your next sign-in.",
    heading: "Two-factor authentication was reset",
    paragraphs: [
      `An admin of ${context.organisationName} reset two-factor authentication for your account. Your authenticator app, passkeys and backup codes no longer work, and you were signed out everywhere.`,
      "At your next sign-in you will set up an authenticator app or a passkey again.",
    ],
    action: { label: SIGN_IN, url: `${context.appUrl}/login` },
    wasntYou: `Didn't expect this? ${YOUR_ADMIN[0]!.toUpperCase()}${YOUR_ADMIN.slice(1)}.`,
  }),
  "two-factor-locked": (data, context) => ({
    subject: "Two-factor sign-in to your account is locked",
    preview: data.until ? `Locked until ${formatTime(data.until)}.` : "Locked until an admin unlocks it.",
    heading: "Two-factor sign-in is locked",
    urgent: true,
    paragraphs: [
      `Too many wrong two-factor codes were entered for your ${context.organisationName} account, after a correct password.`,
      data.until
        ? `The second step is locked until ${formatTime(data.until)}.`
        : `The second step stays locked until an admin unlocks it: ${YOUR_ADMIN}.`,
    ],
    wasntYou: `Wasn't you? Someone knows your password. Change it as soon as you can sign in (or use "Forgot password?"), and ${YOUR_ADMIN}.`,
  }),
  "new-sign-in-address": (data, context) => ({
    subject: "New sign-in to your account from a new address",
    preview: `Signed in from ${data.ip}.`,
    heading: "New sign-in from a new address",
    paragraphs: [`Your ${context.organisationName} account was signed in to from an address it has not used in the last 90 days.`],
    facts: [
      ["When", formatTime(data.at)],
      ["IP address", data.ip],
      ["Browser", data.browser],
    ],
    action: { label: "Review your sessions", url: `${context.appUrl}/settings/security` },
    wasntYou: `Wasn't you? Sign out your other sessions in Settings > Security, change your password, and ${YOUR_ADMIN}.`,
  }),
  "password-changed": (data, context) => ({
    subject: data.how === "reset" ? "Your password was reset" : "Your password was changed",
    preview: "Your other sessions were signed out.",
    heading: data.how === "reset" ? "Your password was reset" : "Your password was changed",
    paragraphs: [
      `The password of your ${context.organisationName} account was ${data.how === "reset" ? "reset with a link sent to this address" : "changed"} on ${formatTime(data.at)}.`,
      data.how === "reset" ? "Every session was signed out." : "Every other session was signed out.",
    ],
    wasntYou: `Wasn't you? Use "Forgot password?" on the sign-in page at ${context.appUrl}/login to choose a new one, and ${YOUR_ADMIN}.`,
  }),
  "password-reset": (data, context) => ({
    subject: "Reset your Twofold password",
    preview: "This link works once, for 30 minutes.",
    heading: "Reset your password",
    paragraphs: [
      `Someone asked to reset the password of your ${context.organisationName} account. The link works once, until ${formatTime(data.expiresAt)}.`,
      "Resetting your password signs you out everywhere. Your two-factor authentication stays on.",
    ],
    action: { label: "Choose a new password", url: context.link ?? `${context.appUrl}/forgot-password` },
    wasntYou: "Didn't ask for this? Ignore this email: your password stays as it is.",
  }),
  invitation: (data, context) => ({
    subject: `${data.invitedBy} invited you to ${context.organisationName} on Twofold`,
    preview: "Choose your password to join.",
    heading: `Join ${context.organisationName}`,
    paragraphs: [
      `${data.invitedBy} invited you to ${context.organisationName} on Twofold.`,
      `Choose your password with the link below. It works once, until ${formatTime(data.expiresAt)}.`,
    ],
    action: { label: "Accept the invitation", url: context.link ?? `${context.appUrl}/login` },
    wasntYou: "Not expecting this? Ignore this email: nothing happens unless you follow the link.",
    footer: `You received this email because an admin of ${context.organisationName} invited this address to Twofold.`,
  }),
  "invitation-existing-account": (data, context) => ({
    subject: `${data.invitingOrganisation} tried to invite you to Twofold`,
    preview: "You already have an account with this address.",
    heading: "You already have a Twofold account",
    paragraphs: [
      `An admin of ${data.invitingOrganisation} tried to invite this address, but it already belongs to an account in ${context.organisationName}. Nothing was changed.`,
      `If you want to join ${data.invitingOrganisation}, ask its admin to invite another address of yours.`,
    ],
    action: { label: SIGN_IN, url: `${context.appUrl}/login` },
  }),
  "admin-access-list-changed": (data, context) => ({
    subject: `Access List changed for ${context.organisationName}`,
    preview: data.change,
    heading: "The Access List changed",
    paragraphs: [`The Access List of ${context.organisationName} was changed by ${data.by}: ${data.change}.`],
    action: { label: "Open the Access List", url: `${context.appUrl}/admin/login-and-2fa` },
    wasntYou: adminWasntYou,
  }),
  "admin-user-locked": (data, context) => ({
    subject: `${data.userName}'s two-factor sign-in is locked until an admin unlocks it`,
    preview: `${data.userEmail} needs an admin to unlock it.`,
    heading: "A user's two-factor sign-in is locked",
    urgent: true,
    paragraphs: [
      `${data.userName} (${data.userEmail}) entered too many wrong two-factor codes after a correct password. Their second step stays locked until an admin of ${context.organisationName} unlocks it.`,
      "Before unlocking, make sure it was them: someone else may know their password.",
    ],
    action: { label: "Open Login and 2FA", url: `${context.appUrl}/admin/login-and-2fa` },
  }),
  "admin-policy-changed": (data, context) => ({
    subject: `Sign-in policy changed for ${context.organisationName}`,
    preview: data.change,
    heading: "The sign-in policy changed",
    paragraphs: [`The sign-in policy of ${context.organisationName} was changed by ${data.by}: ${data.change}.`],
    action: { label: "Open Login and 2FA", url: `${context.appUrl}/admin/login-and-2fa` },
    wasntYou: adminWasntYou,
  }),
  "recovery-requested": (data, context) => ({
    subject: `${data.userName} lost their phone and backup codes and asks for help signing in`,
    preview: `${data.userEmail} needs a temporary access code.`,
    heading: "A user asks for help signing in",
    urgent: true,
    paragraphs: [
      `${data.userName} (${data.userEmail}) entered their password and says they lost both their phone and their backup codes.`,
      ...(data.hasMessage ? ["They left a message for you: read it under Recovery requests in Login and 2FA."] : []),
      "Before you issue a temporary access code, make sure it really is them: call them on a number you already know, or see them in person. Give them the code that way, never by email.",
    ],
    facts: [
      ["When", formatTime(data.at)],
      ["IP address", data.ip],
      ["Browser", data.browser],
    ],
    action: { label: "Open Login and 2FA", url: `${context.appUrl}/admin/login-and-2fa#recovery-requests` },
  }),
  "temporary-code-issued": (data, context) => ({
    subject: "An admin issued a temporary access code for your account",
    preview: `It works once, until ${formatTime(data.expiresAt)}.`,
    heading: "A temporary access code was issued",
    paragraphs: [
      `An admin of ${context.organisationName} issued a temporary access code for your account. It works once, until ${formatTime(data.expiresAt)}, in place of a two-factor code; then you set up a new authenticator app.`,
      "You were signed out everywhere. Your admin gives you the code in person or by phone, never by email.",
    ],
    action: { label: SIGN_IN, url: `${context.appUrl}/login` },
    wasntYou: `Didn't ask for this? ${YOUR_ADMIN[0]!.toUpperCase()}${YOUR_ADMIN.slice(1)} straight away.`,
  }),
  "temporary-code-used": (data, context) => ({
    subject: "Your temporary access code was used",
    preview: "Your old authenticator and backup codes no longer work.",
    heading: "Your temporary access code was used",
    paragraphs: [
      `Your ${context.organisationName} account was signed in to with a temporary access code on ${formatTime(data.at)} from ${data.ip}.`,
      "Your old authenticator app and backup codes no longer work: a new authenticator app is set up before anything else. Your other sessions were signed out.",
    ],
    wasntYou: `Wasn't you? Someone has your password and the code. Use "Forgot password?" at ${context.appUrl}/login and ${YOUR_ADMIN} now.`,
  }),
  "temporary-code-expired": (data, context) => ({
    subject: "Your temporary access code expired unused",
    preview: "Ask your admin for a new one if you still need it.",
    heading: "Your temporary access code expired",
    paragraphs: [
      `The temporary access code an admin of ${context.organisationName} issued for your account expired unused on ${formatTime(data.expiredAt)}. It no longer works.`,
      "If you still cannot sign in, ask your admin for a new one.",
    ],
    wasntYou: `Didn't expect this? ${YOUR_ADMIN[0]!.toUpperCase()}${YOUR_ADMIN.slice(1)}.`,
  }),
  "passkey-added": (data, context) => ({
    subject: "A passkey was added to your account",
    preview: `"${data.name}" can now be used to sign in.`,
    heading: "A passkey was added",
    paragraphs: [
      `The passkey "${data.name}" was added to your ${context.organisationName} account. It can now be used as your second step at sign-in, or on its own with your device's PIN or fingerprint.`,
    ],
    action: { label: "Open security settings", url: `${context.appUrl}/settings/security` },
    wasntYou: secureAccount(context),
  }),
  "passkey-renamed": (data, context) => ({
    subject: "A passkey on your account was renamed",
    preview: `"${data.from}" is now called "${data.to}".`,
    heading: "A passkey was renamed",
    paragraphs: [`The passkey "${data.from}" on your ${context.organisationName} account is now called "${data.to}".`],
    wasntYou: secureAccount(context),
  }),
  "passkey-clone-suspected": (data, context) => ({
    subject: "A copy of your passkey may be in use",
    preview: `A sign-in with "${data.name}" was refused: its counter went back.`,
    heading: "A sign-in with a copied passkey was refused",
    urgent: true,
    paragraphs: [
      `On ${formatTime(data.at)} someone tried to sign in to your ${context.organisationName} account from ${data.ip} with your passkey "${data.name}". It was refused: the passkey's signature counter went back, which is what a copy of a security key does.`,
      `If you did not copy it yourself, remove "${data.name}" in Settings > Security, add a new one, and tell your admin.`,
    ],
    action: { label: "Open security settings", url: `${context.appUrl}/settings/security` },
    wasntYou: secureAccount(context),
  }),
  "passkey-removed": (data, context) => ({
    subject: "A passkey was removed from your account",
    preview: `"${data.name}" no longer signs you in.`,
    heading: "A passkey was removed",
    paragraphs: [
      `The passkey "${data.name}" was removed from your ${context.organisationName} account. It no longer signs you in.`,
      "Every other session of yours was signed out, and browsers trusted to skip the second step were forgotten.",
    ],
    action: { label: "Open security settings", url: `${context.appUrl}/settings/security` },
    wasntYou: secureAccount(context),
  }),
};
