import "server-only";
import type { Db, DbOrTransaction } from "@/lib/db";
import { randomToken, sha256, type Keyring } from "@/lib/crypto";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { newPasswordProblem } from "@/lib/auth/password-rules";
import { accountKey } from "@/lib/auth/password-throttle";
import { reserveWindowSlot } from "@/lib/auth/rate-limit";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { forgetTrustedBrowsersAudited } from "@/lib/auth/trusted-browsers";
import { queueEmail } from "@/lib/mail/outbox";

// "Forgot password?" (DESIGN §2): a single-use link (only its SHA-256 is stored) that works
// for 30 minutes, sets a new password, ends every session and never signs in; 2FA is untouched,
// so the next login still asks for the second factor.

export const RESET_LINK_MS = 30 * 60 * 1000;
// An hour's requests: a person who lost the first email asks again a few times at most; an
// address is never flooded (5 an hour), and one network cannot walk through many addresses.
export const RESET_WINDOW_MS = 60 * 60 * 1000;
export const RESET_PER_ADDRESS = 5;
export const RESET_PER_IP = 20;

export const resetAddressKey = (email: string) => `password-reset:address:${email}`;
export const resetIpKey = (ip: string) => `password-reset:ip:${ip}`;

/**
 * What the person asking is told. Known, unknown and invited addresses, and an address over its
 * limit, all get `ok: true` (the same words): only the network's limit is said out loud.
 */
export type ResetRequestResult = { ok: true } | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

/**
 * A reset link for the ACTIVE account of `email`, mailed through the outbox in the transaction
 * that stores it; earlier unused links of the account die with it. Every address costs the same
 * reads and writes up to the account's own rows, so the answer's timing says little.
 */
export async function requestPasswordReset(options: { db: Db; keyring: Keyring; email: string; ip: string; now: Date }): Promise<ResetRequestResult> {
  const { db, email, ip, now } = options;
  // Each request takes its slots before anything else: N parallel requests count N.
  const network = await reserveWindowSlot({ db, key: resetIpKey(ip), limit: RESET_PER_IP, windowMs: RESET_WINDOW_MS, now });
  if (!network.ok) return { ok: false, reason: "rate-limited", retryAfterSeconds: network.retryAfterSeconds };
  const address = await reserveWindowSlot({ db, key: resetAddressKey(email), limit: RESET_PER_ADDRESS, windowMs: RESET_WINDOW_MS, now });
  const token = randomToken();
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { email },
      select: { id: true, email: true, name: true, organisationId: true, accountStatus: true },
    });
    const account = address.ok && user?.accountStatus === "ACTIVE" ? user : null;
    // The same query for every address (it matches nothing without an account).
    await tx.passwordResetToken.updateMany({ where: { userId: account?.id ?? "", usedAt: null }, data: { usedAt: now } });
    if (!account) return;
    const expiresAt = new Date(now.getTime() + RESET_LINK_MS);
    await tx.passwordResetToken.create({
      data: { userId: account.id, tokenHash: sha256(token), expiresAt, ip, createdAt: now },
      select: { id: true },
    });
    await recordAudit(tx, {
      organisationId: account.organisationId,
      type: "password.reset_requested",
      target: account,
      ip,
      detail: { expiresAt: expiresAt.toISOString() },
      at: now,
    });
    await queueEmail(
      tx,
      {
        template: "password-reset",
        to: account.email,
        organisationId: account.organisationId,
        recipientName: account.name,
        data: { expiresAt: expiresAt.toISOString() },
      },
      { now, secret: { token, keyring: options.keyring } },
    );
  });
  return { ok: true };
}

/** The account a reset link opens, while it can still be used. */
export type ResetLink = { ok: true; tokenId: string; user: { id: string; email: string } } | { ok: false };

/** Whether `token` is a reset link that works now: unused, within its 30 minutes, of an ACTIVE account. */
export async function findResetLink(options: { db: DbOrTransaction; token: string; now: Date }): Promise<ResetLink> {
  if (!options.token) return { ok: false };
  const row = await options.db.passwordResetToken.findUnique({
    where: { tokenHash: sha256(options.token) },
    select: { id: true, usedAt: true, expiresAt: true, user: { select: { id: true, email: true, accountStatus: true } } },
  });
  if (!row || row.usedAt || row.expiresAt <= options.now || row.user.accountStatus !== "ACTIVE") return { ok: false };
  return { ok: true, tokenId: row.id, user: { id: row.user.id, email: row.user.email } };
}

export type ResetPasswordResult = { ok: true } | { ok: false; reason: "link-invalid" } | { ok: false; reason: "weak-password"; message: string };

const LINK_USED = Symbol("link used");

/**
 * Sets the password a reset link was sent for. The link is spent by a conditional write in the
 * transaction that sets the password, so of parallel submits exactly one wins. Every session of
 * the account ends; the password throttle's lock on the account is lifted (the person proved
 * they read its email); 2FA stays exactly as it was. Nobody is signed in.
 */
export async function resetPassword(options: { db: Db; token: string; password: string; ip: string; now: Date }): Promise<ResetPasswordResult> {
  const { db, ip, now } = options;
  const link = await findResetLink({ db, token: options.token, now });
  if (!link.ok) return { ok: false, reason: "link-invalid" };
  const problem = newPasswordProblem(options.password, link.user.email);
  if (problem) return { ok: false, reason: "weak-password", message: problem };
  const passwordHash = await hashPassword(options.password);
  try {
    await db.$transaction(async (tx) => {
      const spent = await tx.passwordResetToken.updateMany({
        where: { id: link.tokenId, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (spent.count !== 1) throw LINK_USED;
      const user = await tx.user.update({
        where: { id: link.user.id, accountStatus: "ACTIVE" },
        data: { passwordHash, passwordChangedAt: now },
        select: { id: true, email: true, name: true, organisationId: true },
      });
      await tx.passwordResetToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
      const ended = await revokeUserSessions({ db: tx, userIds: [user.id], reason: "password-reset", now });
      await forgetTrustedBrowsersAudited(tx, { organisationId: user.organisationId, users: [user], actor: user, ip, reason: "password-reset", now });
      await tx.rateLimit.deleteMany({ where: { key: accountKey(user.email) } });
      await recordAudit(tx, {
        organisationId: user.organisationId,
        type: "password.reset",
        actor: user,
        target: user,
        ip,
        detail: { ended },
        at: now,
      });
      await queueEmail(
        tx,
        {
          template: "password-changed",
          to: user.email,
          organisationId: user.organisationId,
          recipientName: user.name,
          data: { how: "reset", at: now.toISOString() },
        },
        { now },
      );
    });
  } catch (error) {
    if (error === LINK_USED) return { ok: false, reason: "link-invalid" };
    throw error;
  }
  return { ok: true };
}
