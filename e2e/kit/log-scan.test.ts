// The log scan's own rules (e2e/kit/log-scan.ts), on a run directory made here: what counts as
// a leak, and what is only an identifier that happens to hold six digits.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { describeFindings, scanServerLogs } from "./log-scan";
import { SEEN_SECRETS_FILE } from "./seen-secrets";

const CODE = "604213";
let dir: string;

function runDir(logLines: unknown[], secrets: { kind: string; value: string }[] = [{ kind: "code", value: CODE }]) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "log-scan-test-"));
  fs.writeFileSync(path.join(dir, SEEN_SECRETS_FILE), secrets.map((secret) => JSON.stringify(secret) + "\n").join(""));
  fs.writeFileSync(
    path.join(dir, "server-3211.log"),
    logLines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n") + "\n",
  );
  return dir;
}

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("scanServerLogs", () => {
  it("finds a typed code in a message and names the field, never the code", () => {
    const { findings } = scanServerLogs(
      runDir([
        { level: 30, msg: "ok" },
        { level: 50, err: { message: `bad value ${CODE} for x` } },
      ]),
    );
    expect(findings).toEqual([{ file: "server-3211.log", line: 2, kind: "a six-digit code the kit typed", field: "err.message" }]);
    expect(describeFindings(findings)).toContain("server-3211.log:2: a six-digit code the kit typed (in err.message)");
    expect(describeFindings(findings)).not.toContain(CODE);
  });

  it("finds a code glued to a word or a colon, which the app's redaction leaves alone", () => {
    const { findings } = scanServerLogs(runDir([{ msg: `code:${CODE}` }, { msg: `x${CODE}y` }]));
    expect(findings.map((finding) => finding.line)).toEqual([1, 2]);
  });

  it("does not take six digits inside a request id (UUID) or a row id (cuid) for a typed code", () => {
    const { findings } = scanServerLogs(
      runDir([
        { requestId: `1a2b3c4d-0000-4000-8000-${CODE}abcdef`, msg: "request" },
        { organisationId: `cmi${CODE}ab0000xyz12ab34c`, msg: "gate" },
        { msg: `user cmi${CODE}ab0000xyz12ab34c signed in, request 1a2b3c4d-${CODE.slice(0, 4)}-4000-8000-0000${CODE}ab` },
      ]),
    );
    expect(findings).toEqual([]);
  });

  it("finds a code logged as a number, and an address or token used as a field name", () => {
    const { findings } = scanServerLogs(runDir([{ msg: "x", attempt: Number(CODE) }, { users: { "alice@acme.test": 1 } }]));
    expect(findings.map(({ line, kind, field }) => `${line} ${kind} ${field}`)).toEqual([
      "1 a six-digit code the kit typed attempt",
      "2 a full email address users.alice@acme.test (its name)",
    ]);
  });

  it("reads a secret the JSON escaping would hide from a plain text search", () => {
    const password = 'say "hello" \\ twice';
    const { findings } = scanServerLogs(runDir([{ msg: `login with ${password}` }], [{ kind: "password", value: password }]));
    expect(findings).toEqual([{ file: "server-3211.log", line: 1, kind: "a password the kit used", field: "msg" }]);
  });

  it("reports a line that is not JSON, a full email address and a token", () => {
    const { findings } = scanServerLogs(
      runDir([
        "plain text from somewhere",
        { msg: "mail to alice@acme.test" },
        { msg: "masked a***@acme.test" },
        { headers: { cookie: "eyJhbGciOiJkaXIi.abc" } },
      ]),
    );
    expect(findings.map(({ line, kind, field }) => `${line} ${kind} ${field}`)).toEqual([
      "1 a line that is not JSON line",
      "2 a full email address msg",
      "4 a session token (JWT/JWE) headers.cookie",
    ]);
  });
});
