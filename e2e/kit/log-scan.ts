// Plain Node. The scan of the e2e servers' captured output (scripts/e2e-server.sh writes
// server-<port>.log into the run directory): every line is JSON (the app's structured log)
// apart from a few known lines of the tools around it, and no line holds a password, code,
// TOTP secret, session token or full email address. A finding names the file, line and kind
// of secret, never the secret itself.
import fs from "node:fs";
import path from "node:path";
import { DEMO_PASSWORD } from "./accounts";
import { readSeenSecrets, type SeenSecret } from "./seen-secrets";

export const SERVER_LOG = /^server-\d+\.log$/;

/** Lines that are not the app's: Node's own warnings (printed before any code runs). */
const KNOWN_NON_JSON = [/^\(node:\d+\) \w*Warning: /, /^\(Use `node --trace-warnings/];

// What any leak looks like, whoever's it is.
const PATTERNS: { kind: string; pattern: RegExp }[] = [
  // A full address: a masked one (a***@acme.test) has no character of the address's local part before the '@' but its first.
  { kind: "a full email address", pattern: /(?<![\w.%+-])[A-Za-z0-9._%+-]{2,}@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/ },
  { kind: "a session token (JWT/JWE)", pattern: /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_.-]*/ },
  { kind: "an otpauth URI", pattern: /otpauth:\/\/[^\s"]*secret=/i },
];

export interface Finding {
  file: string;
  line: number;
  kind: string;
  /** The JSON field that held it (`msg`, `err.message`), or `line` for a line that is not JSON. */
  field: string;
}

export function serverLogs(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => SERVER_LOG.test(name))
    .map((name) => path.join(dir, name));
}

// Identifiers the log carries (request ids are UUIDs, row ids cuids: "c" and 24 lowercase
// letters and digits): a run of six digits inside one is a piece of the id, not a code someone
// typed (1 UUID in 4 has such a run).
const IDENTIFIER = /(?<![\w-])(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|c[a-z0-9]{24})(?![\w-])/g;
const SIX_DIGITS = /(?<!\d)\d{6}(?!\d)/g;

/** The six-digit codes the kit typed that stand in `value`, leaving identifiers aside. */
export function typedCodesIn(value: string, codes: ReadonlySet<string>): boolean {
  return [...value.replace(IDENTIFIER, " ").matchAll(SIX_DIGITS)].some((match) => codes.has(match[0]));
}

/** Every leak and every line that is not JSON in the run's server logs. */
export function scanServerLogs(dir: string): { files: string[]; lines: number; secrets: number; findings: Finding[] } {
  const seen = [{ kind: "password", value: DEMO_PASSWORD } satisfies SeenSecret, ...readSeenSecrets(dir)];
  const codes = new Set(seen.filter((secret) => /^\d{6}$/.test(secret.value)).map((secret) => secret.value));
  // Six characters or more: shorter values (a field someone typed "x" into) say nothing.
  // Each value once, named by the first way the kit met it (the demo password as a password).
  const distinct = new Map<string, SeenSecret>();
  for (const secret of seen) {
    const key = secret.value.toLowerCase();
    if (!/^\d{6}$/.test(secret.value) && secret.value.length >= 6 && !distinct.has(key)) distinct.set(key, secret);
  }
  const literals = [...distinct.values()].flatMap((secret) => variants(secret));
  const files = serverLogs(dir);
  const findings: Finding[] = [];
  let lines = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    text.split("\n").forEach((raw, index) => {
      const line = raw.trim();
      if (!line) return;
      lines += 1;
      const at = (kind: string, field: string) => findings.push({ file: path.basename(file), line: index + 1, kind, field });
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        if (!KNOWN_NON_JSON.some((pattern) => pattern.test(line))) at("a line that is not JSON", "line");
      }
      // Each string of the line as written (JSON escapes undone), with the field that holds it.
      const strings = parsed === undefined ? [{ field: "line", value: line }] : stringsOf(parsed);
      for (const { field, value } of strings) {
        const lower = value.toLowerCase();
        for (const { kind, value: secret } of literals) if (lower.includes(secret)) at(`a ${kind} the kit used`, field);
        for (const { kind, pattern } of PATTERNS) if (pattern.test(value)) at(kind, field);
        if (typedCodesIn(value, codes)) at("a six-digit code the kit typed", field);
      }
    });
  }
  return { files, lines, secrets: seen.length, findings };
}

function variants(secret: SeenSecret): { kind: string; value: string }[] {
  const value = secret.value.toLowerCase();
  const kind = secret.kind.replace("-", " ");
  // A backup or temporary access code is accepted with or without its dashes.
  const bare = value.replaceAll("-", "");
  return bare !== value && /^[0-9a-z]{16}$/.test(bare)
    ? [
        { kind, value },
        { kind, value: bare },
      ]
    : [{ kind, value }];
}

/** Every string of a parsed line with the field holding it: values, field names too, and numbers (a code logged as one). */
function stringsOf(value: unknown, field = "", out: { field: string; value: string }[] = []): { field: string; value: string }[] {
  if (typeof value === "string") out.push({ field: field || "line", value });
  else if (typeof value === "number") out.push({ field: field || "line", value: String(value) });
  else if (Array.isArray(value)) value.forEach((item, index) => stringsOf(item, `${field}[${index}]`, out));
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const path = field ? `${field}.${key}` : key;
      out.push({ field: `${path} (its name)`, value: key });
      stringsOf(item, path, out);
    }
  }
  return out;
}

export function describeFindings(findings: Finding[]): string {
  const shown = findings.slice(0, 50).map((finding) => `  ${finding.file}:${finding.line}: ${finding.kind} (in ${finding.field})`);
  const more = findings.length > shown.length ? [`  … and ${findings.length - shown.length} more`] : [];
  return [`The servers' log leaks or is not JSON lines (${findings.length}):`, ...shown, ...more].join("\n");
}
