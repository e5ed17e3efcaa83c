// Every kind of audit event, in one list (shared by the log, its filter and the export).
export const AUDIT_TYPES = [
  "login.succeeded",
  "login.failed",
  "logout",
  "two_factor.failed",
  "two_factor.replayed",
  "two_factor.locked",
  "two_factor.enrolled",
  "two_factor.backup_code_used",
  "two_factor.backup_codes_regenerated",
  "sessions.revoked",
  "two_factor.enabled_by_admin",
  "two_factor.disabled_by_admin",
  "two_factor.reset_by_admin",
  "two_factor.unlocked_by_admin",
  "organisation.policy_changed",
  "organisation.login_method_changed",
  "user.created",
  "access_list.enabled",
  "access_list.disabled",
  "access_list.disabled_by_operator",
  "access_list.entry_added",
  "access_list.entry_updated",
  "access_list.entry_removed",
  "access_list.sign_in_refused",
] as const;

export type AuditType = (typeof AUDIT_TYPES)[number];
