import "server-only";
import type { Db, DbOrTransaction } from "@/lib/db";
import type { Keyring } from "@/lib/crypto";
import type { ErrorCode } from "@/lib/auth/errors";
import type { LoginMethod, TwoFactorStatus } from "@/lib/generated/prisma/enums";
import { recordAudit, type AuditType } from "@/lib/audit";
import { DEFAULT_REDIRECT_PATH } from "@/lib/auth/safe-redirect";
import { signInAllowedByAccessList } from "@/lib/access-list/sign-in-check";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { acceptInvitation } from "@/lib/admin/invitations";
import { createSession, isStepOpen, passSecondFactorStep, readSession, type SecondFactorMethod, type SessionRecord } from "@/lib/auth/sessions";
import { beginEnrolment, confirmEnrolment, type EnrolmentMaterial } from "@/lib/two-factor/enrol";
import { HARD_LOCK_THRESHOLD, LOCK_CLEARED, lockState, type LockState } from "@/lib/two-factor/lockout";
import { secondFactorError } from "@/lib/two-factor/result-to-error";
import { verifySecondFactor } from "@/lib/two-factor/verify";
import { reEnrolmentInProgress, startReEnrolment } from "@/lib/two-factor/temporary-access-code";
import { noticeBackupCodeUsed, noticeFor, noticeSignInAddress } from "@/lib/mail/notices";
import { queueEmail } from "@/lib/mail/outbox";
import { passkeyAuthenticationOptions, verifyPasskeyAssertion, type UsedPasskey } from "@/lib/webauthn/authentication";
import { relyingParty, type RelyingParty } from "@/lib/webauthn/relying-party";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { releaseWindowSlot, reserveWindowSlot } from "@/lib/auth/rate-limit";
import { confirmPasskeyEnrolment } from "@/lib/two-factor/enrol-passkey";
import { recordClonedPasskey } from "@/lib/webauthn/clone-suspected";
import type { AuthenticationResponse, RegistrationResponse } from "@/lib/validations/passkey";
import { honouredTrustedBrowser, noteTrustedBrowserUsed, trustBrowser } from "@/lib/auth/trusted-browsers";

// The login, in one place: its states, the transitions between them, and the rule that
// decides where a session must be, for a fresh login and on every request of one that
// exists. Actions, route handlers and pages ask; nothing else decides.
//
//   password --(right password)--> complete | grace | challenge | setup | refused
//   invitation --(the link's token, once, and a new password)--> the same as a right password
//   challenge --(right code)--> complete        (wrong code: stays, counted; locked: refused)
//   challenge --(temporary access code, once)--> setup   (the old enrolment is wiped: enrol anew)
//   password --(right password on a browser this user trusted)--> complete   (instead of challenge)
//   setup --(code of the new authenticator)--> complete
//   setup --(a new passkey registered with the session's challenge)--> complete
//   complete | grace --(a requirement reaches the user)--> challenge | setup   (on any request)
//
// A step that passes changes the session record, the code's use and the counters in one
// transaction: either the login completes, or nothing was used.

/** Where a login stands. "challenge" is the second-factor step of an enrolled user. */
export type LoginState = "password" | "challenge" | "setup" | "grace" | "complete" | "refused";
/** Where an existing session must be: through (complete, or complete inside a grace period) or at a step. */
export type SessionStep = Extract<LoginState, "complete" | "grace" | "challenge" | "setup">;
/** The second-factor steps: the challenge (enrolled users) or the setup wizard (required, not enrolled). */
export type SecondFactorStep = Extract<LoginState, "challenge" | "setup">;

export interface TwoFactorState {
  twoFactorStatus: TwoFactorStatus;
  /** For REQUIRED users: until when they may still work without 2FA (grace period). */
  twoFactorDueAt: Date | null;
}

/** What the login rule looks at: the user's 2FA state and their organisation's login method. */
export interface LoginRuleInput extends TwoFactorState {
  /** "STANDARD": nobody in the organisation is asked for a code; enrolments are kept for when it is "TWO_FACTOR" again. */
  loginMethod: LoginMethod;
}

/** The second factor a session passed, if any ("totp", "backup-code", "two-factor-setup"). */
export interface SessionFactor {
  secondFactor: string | null;
}

/**
 * The one rule. A session that passed a second factor is complete. Otherwise an enrolled
 * (Active) user goes to the challenge, a Required user whose grace period is over (or who
 * has none) to the setup wizard; a Required user inside a grace period is through with a
 * countdown ("grace"), and a user whose 2FA is Off is complete with the password alone. While
 * the organisation's login method is Standard, everyone is complete with the password alone.
 */
export function requiredStep(user: LoginRuleInput, session: SessionFactor, now: Date): SessionStep {
  if (session.secondFactor) return "complete";
  if (user.loginMethod === "STANDARD") return "complete";
  if (user.twoFactorStatus === "ACTIVE") return "challenge";
  if (user.twoFactorStatus === "REQUIRED") return inGracePeriod(user, now) ? "grace" : "setup";
  return "complete";
}

export function isSecondFactorStep(step: SessionStep): step is SecondFactorStep {
  return step === "challenge" || step === "setup";
}

export function inGracePeriod(user: TwoFactorState, now: Date): boolean {
  return user.twoFactorStatus === "REQUIRED" && user.twoFactorDueAt !== null && user.twoFactorDueAt > now;
}

/** Whole days left to set up 2FA, for the countdown banner; null when no grace period runs. */
export function graceDaysLeft(user: TwoFactorState, now: Date): number | null {
  if (!inGracePeriod(user, now)) return null;
  return Math.ceil((user.twoFactorDueAt!.getTime() - now.getTime()) / (24 * 60 * 60 * 1000));
}

const STEP_PATHS: Record<SecondFactorStep, string> = { challenge: "/login/verify", setup: "/setup-2fa" };

/** The page of a second-factor step, carrying where to go once it is passed. */
export function stepPath(step: SecondFactorStep, callbackUrl?: string): string {
  return withCallback(STEP_PATHS[step], callbackUrl);
}

/** The "2FA is on" confirmation, shown to a signed-in user right after they enrol; its Continue goes on to `callbackUrl`. */
export function enrolledPath(callbackUrl?: string): string {
  return withCallback("/two-factor/enabled", callbackUrl);
}

/**
 * Where a login step that passed goes next: the next step's page, or, once the login is
 * complete, the confirmation when this step was the wizard's (the user just enrolled), else the target.
 */
export function pathAfterStep(options: { passed: LoginStepName; state: SessionStep; callbackUrl?: string }): string {
  const { passed, state, callbackUrl } = options;
  if (isSecondFactorStep(state)) return stepPath(state, callbackUrl);
  if (passed === "setup" || passed === "setup-passkey") return enrolledPath(callbackUrl);
  return callbackUrl ?? DEFAULT_REDIRECT_PATH;
}

/** The login step a form posts: the password, or one way to pass the second factor. */
type LoginStepName =
  "password" | "totp" | "backup-code" | "setup" | "invitation" | "temporary-code" | "passkey" | "passkey-sign-in" | "setup-passkey";

function withCallback(path: string, callbackUrl: string | undefined): string {
  return callbackUrl ? `${path}?${new URLSearchParams({ callbackUrl })}` : path;
}

// ---------------------------------------------------------------------------------------
// The transitions. Each returns the new state with the claims of the session token to
// issue (Auth.js issues the cookie: these run inside authorize()), or a refusal.

/** What identifies a session in its token. */
export interface TokenClaims {
  uid: string;
  sid: string;
  gen: number;
}

export type LoginOutcome =
  /** `session`: the record as a second-factor step left it (the new token's claims are built from it without reading it again). */
  | {
      state: Exclude<LoginState, "password" | "refused">;
      claims: TokenClaims;
      session?: SessionRecord;
      /** A browser trusted by this step: the raw token the login route sets as its cookie, for this many days. */
      trustedBrowser?: { token: string; days: number };
      /** The second factor this step passed (a temporary access code passes the challenge on to the wizard). */
      factor?: SecondFactorMethod | "temporary-code";
    }
  | {
      state: "refused";
      error: ErrorCode;
      retryAfterSeconds?: number;
      /** A wrong authenticator code that, with the one before, shows the phone's clock off by this many minutes (+: fast). */
      clockDriftMinutes?: number;
    };

export interface LoginContext {
  db: Db;
  keyring: Keyring;
  /** The caller's address as server.ts established it, and their browser. */
  ip: string;
  userAgent: string | null;
  now: Date;
  /** The trusted-browser cookie's token the request carried, if any (read only after a right password). */
  trustedBrowserToken?: string | null;
  /** The relying party of passkey steps (default: APP_URL's). */
  rp?: RelyingParty;
}

const refused = (error: ErrorCode, retryAfterSeconds?: number): LoginOutcome => ({ state: "refused", error, retryAfterSeconds });

/** How long a refused code must wait, when it is known: a network limit's window, or a timed lock's end (the user is told when). */
function waitOf(result: { reason: string; retryAfterSeconds?: number; lock?: LockState }, now: Date): number | undefined {
  if (result.reason === "rate-limited") return result.retryAfterSeconds;
  if (result.lock?.kind === "locked") return Math.max(1, Math.ceil((result.lock.until.getTime() - now.getTime()) / 1000));
  return undefined;
}

/**
 * password → the next state. The password is checked first, throttled and hashed as
 * always, so nothing about the account (not even whether an Access List applies) is
 * revealed to someone who does not know it. Then a session record starts.
 */
export async function submitPassword(context: LoginContext, input: { email: string; password: string }): Promise<LoginOutcome> {
  const { db, ip, now } = context;
  const credentials = await verifyCredentials({ db, ...input, ip, now });
  if (!credentials.ok)
    return credentials.error === "RATE_LIMITED" ? refused("RATE_LIMITED", credentials.retryAfterSeconds) : refused(credentials.error);
  const { user } = credentials;
  if (!(await signInAllowedByAccessList({ db, user, ip, now }))) return refused("ACCESS_DENIED");

  return startSession(context, user, "password");
}

/**
 * invitation → the next state, like a password step: the invited person chose their password
 * with the link's token (single use), and a session starts under the same rules (the Access
 * List, then the 2FA requirement: a Required user goes on to the setup wizard).
 */
export async function submitInvitation(context: LoginContext, input: { token: string; password: string }): Promise<LoginOutcome> {
  const { db, ip, now } = context;
  const accepted = await acceptInvitation({ db, ...input, ip, now });
  if (!accepted.ok) return refused(accepted.reason === "invalid" ? "INVITATION_INVALID" : "INVALID_INPUT");
  const { user } = accepted;
  if (!(await signInAllowedByAccessList({ db, user, ip, now }))) return refused("ACCESS_DENIED");

  return startSession(context, user, "invitation");
}

type SignedInUser = Extract<Awaited<ReturnType<typeof verifyCredentials>>, { ok: true }>["user"];

/** A known person passed the first step (a password, or an invitation's): a session record starts under the login rule. */
async function startSession(context: LoginContext, user: SignedInUser, method: "password" | "invitation"): Promise<LoginOutcome> {
  const { db, ip, now } = context;
  const asked = requiredStep({ ...user, loginMethod: user.organisation.loginMethod }, { secondFactor: null }, now);
  if (asked === "setup" && (await reEnrolmentInProgress(db, { userId: user.id, now }))) {
    await audit(db, context, user, "login.failed", { reason: "temporary access code being used on another device" });
    return refused("RECOVERY_IN_PROGRESS");
  }
  const { session, state, claimed } = await db.$transaction(async (tx) => {
    // Only the challenge of an enrolled user is skipped on a trusted browser: never the wizard of a
    // Required user. The trust is claimed in this transaction, so a Reset or a temporary access code
    // that forgets it meanwhile wins.
    const trusted =
      asked === "challenge" && method === "password"
        ? await honouredTrustedBrowser(tx, { userId: user.id, organisationId: user.organisationId, token: context.trustedBrowserToken, now })
        : null;
    const claimed = trusted !== null && (await noteTrustedBrowserUsed(tx, trusted.id, now));
    const state: SessionStep = claimed ? "complete" : asked;
    const created = await createSession({
      db: tx,
      user,
      stage: isSecondFactorStep(state) ? "SECOND_FACTOR" : "COMPLETE",
      ip,
      userAgent: context.userAgent,
      now,
      ...(claimed ? { secondFactor: "trusted-browser" as const } : {}),
    });
    if (isSecondFactorStep(state)) {
      // A stolen password leaves a trace even when the second factor stops it.
      await audit(tx, context, user, "login.password_accepted", { next: state === "challenge" ? "two-factor challenge" : "two-factor setup" });
    } else {
      await noticeSignInAddress(tx, { userId: user.id, ip, userAgent: context.userAgent, now });
      await tx.user.update({ where: { id: user.id }, data: { ...LOCK_CLEARED, lastLoginAt: now } });
      await audit(tx, context, user, "login.succeeded", { method: claimed ? "trusted-browser" : method });
    }
    return { session: created, state, claimed };
  });
  const claims = { uid: user.id, sid: session.id, gen: session.generation };
  return claimed ? { state, claims, factor: "trusted-browser" } : { state, claims };
}

/**
 * challenge → complete, with an authenticator code or a backup code; challenge → setup with
 * an admin's temporary access code (its own field, or typed into the backup code field).
 */
export async function submitSecondFactor(
  context: LoginContext,
  input: { session: TokenClaims | null; method: "totp" | "backup-code" | "temporary-code" | "passkey"; code: string; trustBrowser?: boolean },
): Promise<LoginOutcome> {
  const { db, now } = context;
  const pending = await pendingSession(context, input.session);
  if (!pending) return refused("LOGIN_EXPIRED");
  const factor: SecondFactorMethod = input.method === "totp" || input.method === "passkey" ? input.method : "backup-code";
  let reEnrolment = null as { pendingUntil: Date } | null;
  const trust: { granted: { token: string; days: number } | null } = { granted: null };
  const result = await verifySecondFactor({
    db,
    keyring: context.keyring,
    userId: pending.user.id,
    method: input.method,
    code: input.code,
    ip: context.ip,
    now,
    temporaryCode: input.method === "backup-code" || input.method === "temporary-code",
    // A passkey's answer must be to a challenge issued for this pending login (passkeyLoginOptions).
    ...(input.method === "passkey"
      ? { passkey: { rp: context.rp ?? relyingParty(), purpose: "second-factor" as const, sessionId: pending.sessionId } }
      : {}),
    whenAccepted: async (tx, used) => {
      if (used === "temporary-code") {
        const user = { ...pending.user, name: pending.record.user.name };
        reEnrolment = await startReEnrolment(tx, { session: { id: pending.sessionId, generation: pending.generation }, user, ip: context.ip, now });
        return reEnrolment !== null;
      }
      if (!(await completeLogin(tx, context, pending, factor))) return false;
      if (input.trustBrowser) {
        const replacing = context.trustedBrowserToken;
        trust.granted = await trustBrowser(tx, { user: pending.user, userAgent: context.userAgent, ip: context.ip, now, replacing });
      }
      return true;
    },
    // The lock this wrong code starts is audited with its emails (verifySecondFactor sends them).
    whenLocked: (tx) => audit(tx, context, pending.user, "two_factor.locked", { method: input.method }),
  });
  if (result.ok && reEnrolment) return toSetup(pending, reEnrolment);
  if (result.ok) return passed(pending, factor, trust.granted);
  // A lock's message wins over the clock's.
  const clockDriftMinutes = result.reason === "wrong-code" && result.lock.kind === "open" ? result.clockDriftMinutes : undefined;
  if (result.reason === "replayed" || (result.reason === "wrong-code" && result.lock.kind === "open")) {
    const type: AuditType = result.reason === "replayed" ? "two_factor.replayed" : "two_factor.failed";
    await audit(db, context, pending.user, type, { method: input.method, ...(clockDriftMinutes ? { clockDriftMinutes } : {}) });
  }
  const error = secondFactorError(result);
  const retryAfterSeconds = waitOf(result, context.now);
  return clockDriftMinutes ? { state: "refused", error, retryAfterSeconds, clockDriftMinutes } : refused(error, retryAfterSeconds);
}

/** setup → complete, with the first code of the new authenticator (the wizard's last step). */
export async function submitSetup(context: LoginContext, input: { session: TokenClaims | null; code: string }): Promise<LoginOutcome> {
  const { db, now } = context;
  const pending = await pendingSession(context, input.session);
  if (!pending) return refused("LOGIN_EXPIRED");
  const result = await confirmEnrolment({
    db,
    keyring: context.keyring,
    userId: pending.user.id,
    code: input.code,
    ip: context.ip,
    now,
    whenAccepted: async (tx, { wasActive }) => {
      await audit(tx, context, pending.user, "two_factor.enrolled");
      const user = { ...pending.user, name: pending.record.user.name };
      await queueEmail(tx, wasActive ? noticeFor(user, "two-factor-app-changed", {}) : noticeFor(user, "two-factor-enrolled", { method: "app" }), {
        now,
      });
      return completeLogin(tx, context, pending, "two-factor-setup");
    },
  });
  if (result.ok) return passed(pending, "two-factor-setup");
  return refused(secondFactorError(result), waitOf(result, context.now));
}

/**
 * setup → complete, with a passkey or security key instead of an app (the wizard's other way):
 * registered over a challenge bound to this pending session, stored with the wizard's backup
 * codes activated and the step passed, all in one transaction.
 */
export async function submitPasskeySetup(
  context: LoginContext,
  input: { session: TokenClaims | null; response: RegistrationResponse; name: string },
): Promise<LoginOutcome> {
  const pending = await pendingSession(context, input.session);
  if (!pending) return refused("LOGIN_EXPIRED");
  const result = await confirmPasskeyEnrolment({
    db: context.db,
    rp: context.rp ?? relyingParty(),
    user: { ...pending.user, name: pending.record.user.name },
    sessionId: pending.sessionId,
    response: input.response,
    name: input.name,
    ip: context.ip,
    now: context.now,
    whenAccepted: (tx) => completeLogin(tx, context, pending, "passkey-setup"),
  });
  if (result.ok) return passed(pending, "passkey-setup");
  if (result.reason === "step-closed") return refused("LOGIN_EXPIRED");
  if (result.reason === "no-enrolment") return refused("FORBIDDEN");
  await audit(context.db, context, pending.user, "two_factor.failed", { method: "passkey-setup", reason: result.reason });
  return refused("PASSKEY_NOT_REGISTERED");
}

interface PendingSession {
  sessionId: string;
  generation: number;
  user: { id: string; email: string; organisationId: string };
  record: SessionRecord;
}

/** The session a second-factor step is for: the caller's own, at this generation, at its step, the step open (one read). */
async function pendingSession(context: LoginContext, claims: TokenClaims | null): Promise<PendingSession | null> {
  if (!claims) return null;
  const record = await readSession(context.db, claims.sid);
  if (!record || record.userId !== claims.uid || record.generation !== claims.gen) return null;
  if (!(await isStepOpen(context.db, record, context.now))) return null;
  const user = { id: record.userId, email: record.user.email, organisationId: record.user.organisationId };
  return { sessionId: record.id, generation: record.generation, user, record };
}

/** The outcome of a passed step: complete, at the next generation, with the record as it now stands. */
function passed(pending: PendingSession, method: SecondFactorMethod, trustedBrowser?: { token: string; days: number } | null): LoginOutcome {
  const generation = pending.generation + 1;
  return {
    state: "complete",
    factor: method,
    ...(trustedBrowser ? { trustedBrowser } : {}),
    claims: { uid: pending.user.id, sid: pending.sessionId, gen: generation },
    session: { ...pending.record, stage: "COMPLETE", secondFactor: method, generation, pendingUntil: null, completedAt: new Date() },
  };
}

/** A temporary access code was used: the session waits at the setup wizard (next generation, 5 fresh minutes), 2FA Required. */
function toSetup(pending: PendingSession, reEnrolment: { pendingUntil: Date }): LoginOutcome {
  const generation = pending.generation + 1;
  const { record } = pending;
  return {
    state: "setup",
    factor: "temporary-code",
    claims: { uid: pending.user.id, sid: pending.sessionId, gen: generation },
    session: {
      ...record,
      generation,
      pendingUntil: reEnrolment.pendingUntil,
      user: { ...record.user, twoFactorStatus: "REQUIRED", twoFactorDueAt: null },
    },
  };
}

/** The step passed: the session moves on (new generation), counters reset, time noted, audited. */
async function completeLogin(tx: DbOrTransaction, context: LoginContext, pending: PendingSession, method: SecondFactorMethod): Promise<boolean> {
  const { now } = context;
  const passed = await passSecondFactorStep({
    db: tx,
    sessionId: pending.sessionId,
    userId: pending.user.id,
    generation: pending.generation,
    method,
    now,
  });
  if (!passed) return false;
  await noticeSignInAddress(tx, { userId: pending.user.id, ip: context.ip, userAgent: context.userAgent, now });
  await tx.user.update({ where: { id: pending.user.id }, data: { ...LOCK_CLEARED, lastLoginAt: now } });
  if (method === "backup-code") {
    await audit(tx, context, pending.user, "two_factor.backup_code_used");
    await noticeBackupCodeUsed(tx, { user: { ...pending.user, name: pending.record.user.name }, now });
  }
  await audit(tx, context, pending.user, "login.succeeded", { method });
  return true;
}

function audit(db: DbOrTransaction, context: LoginContext, user: PendingSession["user"], type: AuditType, detail?: Record<string, unknown>) {
  return recordAudit(db, { organisationId: user.organisationId, type, actor: user, target: user, ip: context.ip, detail, at: context.now });
}

/** The setup step's material (a new secret and backup codes, inactive until confirmed), for a user whose 2FA is Required. */
export async function beginSetup(options: { db: Db; keyring: Keyring; userId: string }): Promise<EnrolmentMaterial | null> {
  const user = await options.db.user.findUnique({ where: { id: options.userId }, select: { email: true, twoFactorStatus: true } });
  if (user?.twoFactorStatus !== "REQUIRED") return null;
  return beginEnrolment({ ...options, email: user.email });
}

// ---------------------------------------------------------------------------------------
// Passkeys at login (issue 15).
//
//   challenge --(the answer of one of the user's passkeys to this login's challenge)--> complete
//   password  --(a passkey alone, discoverable, user verified: both factors)--> complete | refused

/**
 * Sign-in challenges one address may ask for per window: each is a row until it is used or
 * expires (a browser that asks again replaces its own). Generous: an office behind one address
 * signs in with passkeys all morning.
 */
export const SIGN_IN_CHALLENGES_PER_IP = 120;
const SIGN_IN_CHALLENGE_WINDOW_MS = 15 * 60 * 1000;
/**
 * Refused sign-ins with a passkey alone one address may make per window. A limit of its own:
 * anyone may post an answer without a password, so these must not use up the second-factor
 * limit that users at the same address need for their codes.
 */
const SIGN_IN_FAILURES_PER_IP = 20;
const passkeySignInIpKey = (ip: string) => `passkey-sign-in:ip:${ip}`;

export type PasskeyLoginOptions =
  | { ok: true; purpose: "second-factor" | "sign-in"; options: PublicKeyCredentialRequestOptionsJSON }
  | { ok: false; error: "RATE_LIMITED" | "INVALID_INPUT"; retryAfterSeconds?: number };

/**
 * The options for a passkey at login. A caller whose session waits at the challenge gets a
 * challenge bound to that pending login, with only that user's passkeys allowed; anyone else a
 * sign-in challenge bound to their browser (`browserHash`: SHA-256 of a random cookie), so many
 * per address per window (each is a stored row).
 */
export async function passkeyLoginOptions(
  context: LoginContext,
  input: { session: TokenClaims | null; browserHash: string },
): Promise<PasskeyLoginOptions> {
  const { db, now } = context;
  const rp = context.rp ?? relyingParty();
  const pending = await pendingSession(context, input.session);
  if (pending && atChallenge(pending.record, now)) {
    if (!(await db.webAuthnCredential.count({ where: { userId: pending.user.id } }))) return { ok: false, error: "INVALID_INPUT" };
    const binding = { purpose: "second-factor", sessionId: pending.sessionId, userId: pending.user.id } as const;
    return { ok: true, purpose: "second-factor", options: await passkeyAuthenticationOptions({ db, rp, binding, now }) };
  }
  const slot = await reserveWindowSlot({
    db,
    key: `passkey-sign-in:challenges:${context.ip}`,
    limit: SIGN_IN_CHALLENGES_PER_IP,
    windowMs: SIGN_IN_CHALLENGE_WINDOW_MS,
    now,
  });
  if (!slot.ok) return { ok: false, error: "RATE_LIMITED", retryAfterSeconds: slot.retryAfterSeconds };
  const binding = { purpose: "sign-in", browserHash: input.browserHash } as const;
  return { ok: true, purpose: "sign-in", options: await passkeyAuthenticationOptions({ db, rp, binding, now }) };
}

function atChallenge(record: SessionRecord, now: Date): boolean {
  return requiredStep({ ...record.user, loginMethod: record.organisation.loginMethod }, { secondFactor: null }, now) === "challenge";
}

/** Why a sign-in with a passkey alone was refused (the audit's `reason`, when the passkey's owner is known). */
const SIGN_IN_REFUSAL_REASONS: Record<string, string> = {
  "wrong-user": "passkey refused: not the user it names",
  "user-not-verified": "passkey refused: no PIN or biometric",
  cloned: "passkey refused: its counter went back (a cloned key)",
  invalid: "passkey refused: bad signature or origin",
};

/**
 * password → complete, with a passkey alone: a discoverable credential answering a sign-in
 * challenge of this browser, with user verification (possession plus PIN or biometric: both
 * factors). Its user must be an accepted account whose 2FA is Active and not locked, and the
 * Access List must allow them. Whatever is wrong with the answer (no such passkey, another
 * user's handle, a bad signature, a challenge this browser was not given) gets one error.
 */
export async function submitPasskeySignIn(
  context: LoginContext,
  input: { response: AuthenticationResponse; browserHash: string | null },
): Promise<LoginOutcome> {
  const { db, ip, now } = context;
  // A failed sign-in counts on the address's second-factor limit only, never on the account's
  // counter: no password was given, so anyone who learned a credential id (it is not a secret:
  // a login's options list them) could otherwise lock its owner out by sending bad answers.
  // The per-IP slot (of its own: see SIGN_IN_FAILURES_PER_IP) is reserved before the answer is
  // checked, so parallel guesses cannot outrun it. A browser holding no sign-in cookie can have
  // no live challenge: refused before anything is counted or read.
  if (!input.browserHash) return refused("INVALID_CODE");
  const slot = await reserveWindowSlot({
    db,
    key: passkeySignInIpKey(ip),
    limit: SIGN_IN_FAILURES_PER_IP,
    windowMs: SIGN_IN_CHALLENGE_WINDOW_MS,
    now,
  });
  if (!slot.ok) return refused("NETWORK_RATE_LIMITED", slot.retryAfterSeconds);

  const result = await verifyPasskeyAssertion({
    db,
    rp: context.rp ?? relyingParty(),
    response: input.response,
    binding: { purpose: "sign-in", browserHash: input.browserHash },
    now,
  });
  if (!result.ok) {
    if (result.passkey && result.reason !== "step-closed")
      await refuseSignIn(context, result.passkey, SIGN_IN_REFUSAL_REASONS[result.reason]!, result.reason);
    return refused("INVALID_CODE");
  }

  const user = await db.user.findUnique({
    where: { id: result.passkey.userId },
    select: {
      id: true,
      email: true,
      organisationId: true,
      accountStatus: true,
      twoFactorStatus: true,
      twoFactorDueAt: true,
      twoFactorFailures: true,
      twoFactorLockedUntil: true,
      organisation: { select: { id: true, name: true, accessListEnabled: true, accessListVersion: true, loginMethod: true } },
    },
  });
  if (!user) return refused("INVALID_CODE");
  const actor = { id: user.id, email: user.email, organisationId: user.organisationId };
  if (user.accountStatus !== "ACTIVE") {
    await audit(db, context, actor, "login.failed", { method: "passkey", reason: "invitation not accepted" });
    return refused("INVALID_CODE");
  }
  if (user.twoFactorStatus !== "ACTIVE") {
    await audit(db, context, actor, "login.failed", { method: "passkey", reason: "two-factor authentication not active" });
    return refused("INVALID_CODE");
  }
  const lock = lockState(user, now);
  if (lock.kind !== "open") {
    await audit(db, context, actor, "login.failed", { method: "passkey", reason: "two-factor authentication locked" });
    return lock.kind === "locked-by-admin"
      ? refused("TWO_FACTOR_LOCKED_BY_ADMIN")
      : refused("TWO_FACTOR_LOCKED", waitOf({ reason: "locked", lock }, now));
  }
  if (!(await signInAllowedByAccessList({ db, user, ip, now }))) return refused("ACCESS_DENIED");

  const session = await db.$transaction(async (tx) => {
    // Still an accepted, enrolled, unlocked account as the session starts (an admin's Reset or
    // a lock meanwhile wins); the lock's counters are cleared with it, as by any full login.
    const { count } = await tx.user.updateMany({
      where: {
        id: user.id,
        accountStatus: "ACTIVE",
        twoFactorStatus: "ACTIVE",
        twoFactorFailures: { lt: HARD_LOCK_THRESHOLD },
        OR: [{ twoFactorLockedUntil: null }, { twoFactorLockedUntil: { lte: now } }],
      },
      data: { ...LOCK_CLEARED, lastLoginAt: now },
    });
    if (count !== 1) return null;
    const created = await createSession({ db: tx, user, stage: "COMPLETE", ip, userAgent: context.userAgent, now, secondFactor: "passkey" });
    await noticeSignInAddress(tx, { userId: user.id, ip, userAgent: context.userAgent, now });
    await audit(tx, context, actor, "login.succeeded", { method: "passkey" });
    return created;
  });
  if (!session) return refused("INVALID_CODE");
  // Not a failure: the address's slot is given back.
  await releaseWindowSlot(db, slot.slot);
  return { state: "complete", factor: "passkey", claims: { uid: user.id, sid: session.id, gen: session.generation } };
}

/** A refused sign-in whose passkey is registered (and signed the answer): audited on its owner, a cloned key also as such. */
async function refuseSignIn(context: LoginContext, passkey: UsedPasskey, reason: string, why: string): Promise<void> {
  const owner = await context.db.user.findUnique({ where: { id: passkey.userId }, select: { id: true, email: true, organisationId: true } });
  if (!owner) return;
  if (why === "cloned") await recordClonedPasskey(context.db, { userId: owner.id, passkeyName: passkey.name, ip: context.ip, now: context.now });
  await audit(context.db, context, owner, "login.failed", { method: "passkey", reason });
}
