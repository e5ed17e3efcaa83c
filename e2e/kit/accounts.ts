import crypto from "node:crypto";
import { recordSecret } from "./seen-secrets";

/** Demo accounts of the seed (README "Demo accounts"): on every local run and on staging. */
export const DEMO_PASSWORD = "correct-horse-battery-staple";
export const ACME_ADMIN = "admin@acme.test";
export const ACME_MEMBER = "alice@acme.test";

/** A word no other test uses: for names, emails and table searches. */
export function uniqueToken(): string {
  return `t${crypto.randomBytes(4).toString("hex")}`;
}

/** A password of the product's rules that no other user has. */
export function newPassword(): string {
  const password = `kit-${crypto.randomBytes(9).toString("base64url")}`;
  recordSecret("password", password);
  return password;
}
