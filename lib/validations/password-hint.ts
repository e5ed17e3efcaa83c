// Its own module: client forms show it without loading the common-password list.
/** What the new-password forms say before anyone types: lib/auth/password-rules.ts in a sentence. */
export const NEW_PASSWORD_HINT = "At least 8 characters; 15 or more is better. Avoid common passwords and your email address.";
