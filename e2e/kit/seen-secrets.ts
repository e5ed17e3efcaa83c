// Plain Node. What the kit typed or read that must never appear in the servers' log: each
// secret is appended to a file in this run's directory, and the log scan (e2e/log-scan)
// searches the captured server output for every one of them. Nothing is recorded against a
// remote BASE_URL (no run directory, no captured log).
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Request } from "@playwright/test";

export const SEEN_SECRETS_FILE = "secrets-seen.jsonl";

export type SecretKind = "password" | "totp-secret" | "code" | "backup-code" | "temporary-code" | "form-secret";

export interface SeenSecret {
  kind: SecretKind;
  value: string;
}

export function recordSecret(kind: SecretKind, value: string | null | undefined): void {
  const dir = process.env.E2E_RUN_DIR;
  if (!dir || !value?.trim()) return;
  // One short line per append: concurrent workers' lines do not interleave.
  fs.appendFileSync(path.join(dir, SEEN_SECRETS_FILE), JSON.stringify({ kind, value: value.trim() } satisfies SeenSecret) + "\n");
}

export function readSeenSecrets(dir: string): SeenSecret[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, SEEN_SECRETS_FILE), "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SeenSecret);
}

// Form fields whose values are secrets, however a spec or page object typed them (a wrong
// password, a code, an invitation or reset token).
const SECRET_FIELD = /pass(word)?|code|secret|token|otp/i;

/** Records every secret-named field the browser sends (forms, server action arguments, Auth.js's callback). */
export function recordSecretsSentBy(context: BrowserContext): void {
  context.on("request", (request) => {
    if (request.method() !== "POST") return;
    for (const value of secretFieldsOf(request)) recordSecret("form-secret", value);
  });
}

/** Every context the browser opens (the page fixture's and the kit's own) records what it sends. */
export function recordSecretsOfEveryContext(browser: Browser): void {
  const marked = browser as Browser & { __recordsSecrets?: boolean };
  if (marked.__recordsSecrets) return;
  marked.__recordsSecrets = true;
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args: Parameters<Browser["newContext"]>) => {
    const context = await newContext(...args);
    recordSecretsSentBy(context);
    return context;
  };
}

function secretFieldsOf(request: Request): string[] {
  let body: string | null;
  try {
    body = request.postData();
  } catch {
    return [];
  }
  if (!body) return [];
  const values: string[] = [];
  const contentType = request.headers()["content-type"] ?? "";
  if (contentType.includes("multipart/form-data")) {
    for (const match of body.matchAll(/name="([^"]+)"\r\n\r\n([^\r]*)\r\n/g)) {
      if (SECRET_FIELD.test(match[1]!) && !match[1]!.startsWith("$ACTION")) values.push(match[2]!);
    }
  } else if (contentType.includes("application/x-www-form-urlencoded")) {
    for (const [name, value] of new URLSearchParams(body)) if (SECRET_FIELD.test(name)) values.push(value);
  } else {
    try {
      collect(JSON.parse(body), values, 0);
    } catch {
      // Not JSON: nothing named to record.
    }
  }
  return values;
}

function collect(value: unknown, out: string[], depth: number, name = ""): void {
  if (depth > 6 || value === null) return;
  if (typeof value === "string") {
    if (SECRET_FIELD.test(name)) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, out, depth + 1, name);
  } else if (typeof value === "object") {
    for (const [key, field] of Object.entries(value)) collect(field, out, depth + 1, key);
  }
}
