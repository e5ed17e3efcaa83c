import { describe, expect, it } from "vitest";
import { mailConfig, mailConfigProblems, messageIdFor, retryDelayMs } from "./config";

describe("mail configuration", () => {
  it("refuses a production start with SMTP but no APP_URL, since links would point nowhere", () => {
    expect(mailConfigProblems({ SMTP_URL: "smtp://u:p@mail.example.com:587" }, true)).toEqual([expect.stringMatching(/^APP_URL is not set/)]);
    expect(mailConfigProblems({ SMTP_URL: "smtp://u:p@mail.example.com:587", APP_URL: "https://twofold.example.com" }, true)).toEqual([]);
    // Without SMTP nothing is mailed yet; in development APP_URL defaults to the local server.
    expect(mailConfigProblems({}, true)).toEqual([]);
    expect(mailConfigProblems({ SMTP_URL: "smtp://127.0.0.1:1025" }, false)).toEqual([]);
  });

  it("says what is wrong with a malformed SMTP_URL or APP_URL", () => {
    expect(mailConfigProblems({ SMTP_URL: "mail.example.com:587" }, false)).toEqual([expect.stringMatching(/smtp:\/\/ or smtps:\/\//)]);
    expect(mailConfigProblems({ SMTP_URL: "http://mail.example.com" }, false)).toHaveLength(1);
    expect(mailConfigProblems({ APP_URL: "twofold.example.com" }, false)).toEqual([expect.stringMatching(/APP_URL must be an http/)]);
  });

  it("defaults APP_URL to the local server and MAIL_FROM to its host", () => {
    expect(mailConfig({ PORT: "3100" })).toMatchObject({ appUrl: "http://localhost:3100", from: "Twofold <no-reply@localhost>", smtpUrl: null });
    expect(mailConfig({ APP_URL: "https://twofold.example.com/", SMTP_URL: "smtp://x:1" })).toMatchObject({
      appUrl: "https://twofold.example.com",
      from: "Twofold <no-reply@twofold.example.com>",
    });
  });

  it("backs off exponentially up to the cap, and gives each email a Message-ID of its own", () => {
    const config = { retryBaseMs: 30_000, maxRetryDelayMs: 3_600_000 };
    expect([1, 2, 3, 4, 8, 20].map((n) => retryDelayMs(n, config))).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000]);
    expect(messageIdFor("0b7c", { appUrl: "https://twofold.example.com" })).toBe("<0b7c@twofold.example.com>");
  });
});

describe("the SMTP transport's URL", () => {
  it("adds a connection pool and timeouts, keeping credentials and anything the URL sets itself", async () => {
    const { transportUrl } = await import("./transport");
    const url = new URL(transportUrl("smtp://user:p%40ss@mail.example.com:587?socketTimeout=5000"));
    expect(url.username).toBe("user");
    expect(decodeURIComponent(url.password)).toBe("p@ss");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      pool: "true",
      maxConnections: "4",
      connectionTimeout: "15000",
      socketTimeout: "5000",
    });
  });
});
