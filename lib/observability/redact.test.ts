import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/observability/log";
import { consoleLine } from "@/lib/observability/console-to-log";
import { maskEmail } from "@/lib/observability/redact";
import { runWithRequestContext } from "@/lib/request-context";

// What an operator's log would hold: every line written through the real logger, as JSON.
function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", destination: { write: (line: string) => void lines.push(line) } });
  return { logger, text: () => lines.join(""), entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const PASSWORD = "correct-horse-battery-staple";
const EMAIL = "alice.liddell@acme.test";
const TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const BACKUP_CODE = "7K3M-QX9T-B2WD-HN4R";
const TEMPORARY_CODE = "c8v6k2tq9bx4nm7p";
const SIX_DIGIT_CODE = "492817";
const JWT = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..Q1o3Jm9jSzVtcDJ0.m1rV8c6Zl3xWqf0Lr2y9Tt4bNq.Yh7sKcP0aWmN3bQ";
const SECRETS = [PASSWORD, EMAIL, TOTP_SECRET, BACKUP_CODE, BACKUP_CODE.replaceAll("-", ""), TEMPORARY_CODE, SIX_DIGIT_CODE, JWT];

function expectNoSecrets(text: string) {
  for (const secret of SECRETS) expect(text, `leaked ${secret}`).not.toContain(secret);
}

describe("log redaction", () => {
  it("masks a login body's email, password and code, and keeps the request's harmless fields", () => {
    const { logger, text, entries } = capture();
    runWithRequestContext({ requestId: "req-1", organisationId: "org_acme", clientIp: "127.0.0.1", secure: false, userAgent: null }, () =>
      logger.info(
        {
          route: "/api/auth/callback/credentials",
          status: 302,
          outcome: "wrong_code",
          body: { email: EMAIL, password: PASSWORD, code: SIX_DIGIT_CODE },
        },
        "request",
      ),
    );
    expectNoSecrets(text());
    const [entry] = entries();
    expect(entry).toMatchObject({
      requestId: "req-1",
      organisationId: "org_acme",
      route: "/api/auth/callback/credentials",
      status: 302,
      outcome: "wrong_code",
    });
    expect(entry!.body).toEqual({ email: "a***@acme.test", password: "[redacted]", code: "[redacted]" });
  });

  it("keeps an error's type and message, with the email address in it masked", () => {
    const { logger, text, entries } = capture();
    const cause = new Error(`unique constraint failed for ${EMAIL}`);
    logger.error({ error: new TypeError(`no user ${EMAIL} (password: ${PASSWORD})`, { cause }) }, "server action failed");
    expectNoSecrets(text());
    const error = entries()[0]!.error as Record<string, unknown>;
    expect(error.type).toBe("TypeError");
    expect(error.message).toBe("no user a***@acme.test (password: [redacted])");
    expect((error.cause as Record<string, unknown>).message).toBe("unique constraint failed for a***@acme.test");
  });

  it("masks cookie headers, JWTs, otpauth URIs, setup keys, backup and temporary access codes in free text", () => {
    const { logger, text } = capture();
    logger.warn(`Cookie: authjs.session-token=${JWT}; theme=dark`);
    logger.warn({ headers: { cookie: `authjs.session-token=${JWT}`, accept: "text/html" } }, "headers");
    logger.info(`otpauth://totp/Twofold:${EMAIL}?secret=${TOTP_SECRET}&issuer=Twofold`);
    logger.info(`setup key ${TOTP_SECRET} shown`);
    logger.info(`backup code ${BACKUP_CODE} used, and ${BACKUP_CODE.replaceAll("-", "")} typed without dashes`);
    logger.info(`temporary access code ${TEMPORARY_CODE} issued`);
    logger.info(`code ${SIX_DIGIT_CODE} refused`);
    logger.info(`GET /reset?token=abc123def456&next=/dashboard`);
    expectNoSecrets(text());
    expect(text()).not.toContain("abc123def456");
    expect(text()).toContain("text/html");
  });

  it("redacts secret-named fields in nested objects and arrays, at any depth it writes", () => {
    const { logger, text, entries } = capture();
    logger.info(
      {
        users: [{ email: EMAIL, backupCodes: [BACKUP_CODE] }, { recoveryCode: TEMPORARY_CODE }],
        enrolment: { totpSecret: TOTP_SECRET, deep: { deeper: { newPassword: PASSWORD, sessionToken: JWT } } },
        statusCode: 200,
        errorCode: "P2002",
      },
      "nested",
    );
    expectNoSecrets(text());
    expect(entries()[0]).toMatchObject({ statusCode: 200, errorCode: "P2002", users: [{ email: "a***@acme.test" }, {}] });
  });

  it("keeps timestamps, request ids and durations intact (no six-digit false positives in them)", () => {
    const { logger, entries } = capture();
    const requestId = "1a2b3c4d-0000-4000-8000-123456abcdef";
    logger.info({ requestId, ms: 123456, at: "2026-12-01T09:18:22.123Z" }, "request");
    expect(entries()[0]).toMatchObject({ requestId, ms: 123456, at: "2026-12-01T09:18:22.123Z" });
  });

  it("turns a console call (as Next prints a server error) into one redacted line", () => {
    const { logger, text, entries } = capture();
    const { fields, message } = consoleLine([`Failed for ${EMAIL}:`, new Error(`bad code ${SIX_DIGIT_CODE}`), { password: PASSWORD, digest: "42" }]);
    logger.error({ source: "console", ...fields }, message);
    expectNoSecrets(text());
    expect(entries()[0]).toMatchObject({
      msg: "Failed for a***@acme.test:",
      error: { type: "Error", message: "bad code [redacted]" },
      details: [{ password: "[redacted]", digest: "42" }],
    });
  });

  it("masks what an attacker can put into a line: unusual field names, passphrases with spaces, escaped quotes, spaced or lowercase codes and setup keys, apostrophes in addresses", () => {
    const { logger, text } = capture();
    const spacedCode = "abcd efgh jkmn pqrs";
    const groupedSecret = "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP";
    const key = "k1:Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE=";
    logger.info({ pwd: "hunter2hunter2", pin: "824135", "x-twofold-internal": "forward-token-value", TWOFOLD_ENCRYPTION_KEY: key }, "fields");
    logger.warn("password: correct horse battery staple");
    logger.warn(`{"password":"ab\\"cd efgh"} TWOFOLD_ENCRYPTION_KEY=${key}`);
    logger.warn(`typed ${spacedCode}, key ${groupedSecret.toLowerCase()} and ${TOTP_SECRET.toLowerCase()} for o'brien@acme.test`);
    const out = text();
    for (const leaked of [
      "hunter2hunter2",
      "824135",
      "forward-token-value",
      key.slice(3),
      "horse battery",
      "cd efgh",
      spacedCode,
      groupedSecret.toLowerCase(),
      TOTP_SECRET.toLowerCase(),
      "o'brien@",
      "'brien",
    ]) {
      expect(out, `leaked ${leaked}`).not.toContain(leaked);
    }
    expect(out).toContain("o***@acme.test");
  });

  it("masks a full email to its first character and domain", () => {
    expect(maskEmail("alice@acme.test")).toBe("a***@acme.test");
    expect(maskEmail("write to Bob.Smith+2fa@globex.example.com")).toBe("write to B***@globex.example.com");
  });
});
