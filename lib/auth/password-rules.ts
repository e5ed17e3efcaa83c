// The rules for a new password (NIST SP 800-63B §3.1.1.2): 8 to 128 characters, any
// characters, no composition rules; refused when it is a commonly used password (the ~49,000
// of @zxcvbn-ts/language-common's list) or contains the email's local part (4+ characters).
// Used by every way a password is chosen: invitation, reset, change, operator commands.
import { dictionary } from "@zxcvbn-ts/language-common";

export const NEW_PASSWORD_MIN = 8;
export const NEW_PASSWORD_RECOMMENDED = 15;
export const NEW_PASSWORD_MAX = 128;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary["passwords-common"] as string[]).map((word) => word.toLowerCase()));
  return common;
}

/** How many passwords the common list holds (it must be at least 10,000). */
export const commonPasswordCount = () => commonPasswords().size;

/** Why this password cannot be chosen, in words for the person choosing it; null when it can. */
export function newPasswordProblem(password: string, email?: string | null): string | null {
  // Code points, not UTF-16 units: an emoji is one character to the person typing it.
  const length = [...password].length;
  if (length === 0) return "Enter a new password.";
  if (length < NEW_PASSWORD_MIN) return `Use at least ${NEW_PASSWORD_MIN} characters (${NEW_PASSWORD_RECOMMENDED} or more is better).`;
  if (length > NEW_PASSWORD_MAX) return `Use at most ${NEW_PASSWORD_MAX} characters.`;
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower) || commonPasswords().has(lower.trim())) {
    return "That is one of the most commonly used passwords, which attackers try first. Choose another.";
  }
  const local = email?.split("@")[0]?.trim().toLowerCase() ?? "";
  if (local.length >= 4 && lower.includes(local)) return "Don't use your email address in your password.";
  return null;
}
