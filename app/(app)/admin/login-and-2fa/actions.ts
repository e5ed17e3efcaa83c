"use server";

import { db } from "@/lib/db";
import { appKeyring } from "@/lib/crypto";
import { defineAction } from "@/lib/next/action";
import { fail, ok } from "@/lib/safe-action";
import { addUser } from "@/lib/admin/add-user";
import { resendInvitation, revokeInvitation } from "@/lib/admin/invitations";
import { applyBulkAction, previewBulkAction } from "@/lib/admin/bulk-two-factor";
import { refusedConfirmation } from "./admin-step-up";
import { removeUsers, type RemoveUsersRefusal } from "@/lib/admin/remove-users";
import { loginMethodImpact, setLoginMethod } from "@/lib/admin/set-login-method";
import { setTwoFactorPolicy } from "@/lib/admin/two-factor-policy";
import {
  accessListChangeSchema,
  addUserSchema,
  bulkActionSchema,
  checkIpSchema,
  invitationActionSchema,
  loginMethodPreviewSchema,
  loginMethodSchema,
  policySchema,
  previewSchema,
  removeUsersSchema,
} from "@/lib/validations/admin";
import { checkIp } from "@/lib/access-list/check-ip";
import { changeAccessList } from "@/lib/access-list/manage-access-list";

const FOREIGN_USERS = "Some of the selected users are not in your organisation. Nothing was changed.";

/** How many users an action would affect, shown before the admin confirms it. */
export const previewBulk = defineAction({ input: previewSchema, access: "admin" }, async (input, { caller }) => {
  const preview = await previewBulkAction({
    db,
    organisationId: caller.organisationId,
    ...input,
    now: new Date(),
  });
  return preview.ok ? ok({ selected: preview.selected, affected: preview.affected }) : fail("FORBIDDEN", FOREIGN_USERS);
});

export const runBulkAction = defineAction({ input: bulkActionSchema, access: "admin" }, async (input, { caller, ip }) => {
  const now = new Date();
  if (input.action === "disable" || input.action === "reset") {
    const refused = await refusedConfirmation(caller, input.confirmation, ip, now);
    if (refused) return refused;
  }
  const result = await applyBulkAction({
    db,
    organisationId: caller.organisationId,
    action: input.action,
    target: input.target,
    actor: caller,
    ip,
    now,
  });
  return result.ok ? ok({ selected: result.selected, affected: result.affected, unchanged: result.unchanged }) : fail("FORBIDDEN", FOREIGN_USERS);
});

const REMOVE_REFUSED: Record<RemoveUsersRefusal["reason"], string> = {
  "foreign-users": FOREIGN_USERS,
  self: "You cannot remove yourself. Nothing was changed.",
  "last-admin": "That would leave your organisation without an admin. Nothing was changed.",
  none: "None of the selected users exist any more. Reload the page.",
  "selection-changed": "The selection has changed since you opened this. Reload the page and select again. Nothing was changed.",
};

/** Remove users (row action and bulk bar): stepped up like Disable 2FA, never the admin themself or the last admin. */
export const removeUsersAction = defineAction({ input: removeUsersSchema, access: "admin" }, async (input, { caller, ip }) => {
  const now = new Date();
  const refused = await refusedConfirmation(caller, input.confirmation, ip, now);
  if (refused) return refused;
  const result = await removeUsers({
    db,
    organisationId: caller.organisationId,
    target: input.target,
    expectedCount: input.expectedCount,
    actor: caller,
    ip,
    now,
  });
  if (!result.ok) return fail(result.reason === "foreign-users" ? "FORBIDDEN" : "INVALID_INPUT", REMOVE_REFUSED[result.reason]);
  return ok({ removed: result.removed.length });
});

/** Whom switching the login method reaches, for the confirmation. */
export const previewLoginMethod = defineAction({ input: loginMethodPreviewSchema, access: "admin" }, async (_input, { caller }) =>
  ok(await loginMethodImpact({ db, organisationId: caller.organisationId })),
);

/** Saved only from the confirmation; switching to Standard is stepped up like Disable 2FA (it stops asking anyone for codes). */
export const saveLoginMethod = defineAction({ input: loginMethodSchema, access: "admin" }, async (input, { caller, ip }) => {
  const now = new Date();
  if (input.loginMethod === "STANDARD") {
    const refused = await refusedConfirmation(caller, input.confirmation, ip, now);
    if (refused) return refused;
  }
  await setLoginMethod({ db, organisationId: caller.organisationId, loginMethod: input.loginMethod, actor: caller, ip, now });
  return ok();
});

export const savePolicy = defineAction({ input: policySchema, access: "admin" }, async (input, { caller, ip }) => {
  const result = await setTwoFactorPolicy({
    db,
    organisationId: caller.organisationId,
    requireTwoFactor: input.requireTwoFactor,
    graceDays: input.graceDays,
    actor: caller,
    ip,
    now: new Date(),
  });
  return ok(result);
});

/** Add user: an invitation by email. The answer is the same whether or not the address has an account in another organisation. */
export const createUser = defineAction({ input: addUserSchema, access: "admin" }, async (input, { caller, ip }) => {
  const result = await addUser({ db, keyring: appKeyring(), organisationId: caller.organisationId, input, actor: caller, ip, now: new Date() });
  if (!result.ok) return fail("INVALID_INPUT", undefined, { [result.field]: [result.message] });
  return ok({ email: result.email });
});

const NOT_INVITED = "This user is no longer invited (they accepted, or the invitation was revoked). Reload the page.";

/** A row's "Resend invitation": a new link (the old one stops working), valid 7 days again. */
export const resendInvitationAction = defineAction({ input: invitationActionSchema, access: "admin" }, async (input, { caller, ip }) => {
  const result = await resendInvitation({
    db,
    keyring: appKeyring(),
    organisationId: caller.organisationId,
    userId: input.userId,
    actor: caller,
    ip,
    now: new Date(),
  });
  return result.ok ? ok({ email: result.email }) : fail("INVALID_INPUT", NOT_INVITED);
});

/** A row's "Revoke invitation": the invited user and their link are deleted. */
export const revokeInvitationAction = defineAction({ input: invitationActionSchema, access: "admin" }, async (input, { caller, ip }) => {
  const result = await revokeInvitation({ db, organisationId: caller.organisationId, userId: input.userId, actor: caller, ip, now: new Date() });
  return result.ok ? ok({ email: result.email }) : fail("INVALID_INPUT", NOT_INVITED);
});

export const changeAccessListAction = defineAction({ input: accessListChangeSchema, access: "admin" }, async (input, { caller, ip }) => {
  const result = await changeAccessList({ db, organisationId: caller.organisationId, change: input, actor: caller, ip, now: new Date() });
  if (result.ok) return ok();
  return result.field ? fail("INVALID_INPUT", undefined, { [result.field]: [result.message] }) : fail("INVALID_INPUT", result.message);
});

/** "Check an IP": would this address be let in, and by which entry? */
export const checkIpAction = defineAction({ input: checkIpSchema, access: "admin" }, async (input, { caller }) => {
  const check = await checkIp({ db, organisationId: caller.organisationId, ip: input.ip });
  if (!check.ok) return fail("INVALID_INPUT", undefined, { ip: [`"${input.ip}" is not a valid IPv4 or IPv6 address.`] });
  return ok(check.verdict);
});
