import { describe, expect, it } from "vitest";
import { DEFAULT_REDIRECT_PATH, safeRedirectPath } from "./safe-redirect";

const SITE = "http://localhost:3310";
// Where a browser could be when it follows the redirect.
const BROWSER_BASES = ["https://app.example", "https://app.example/deep/page/?q=1#top", SITE];

/** What every result must be, whatever the input. */
function expectSafe(result: string) {
  // The string itself: one leading slash, printable ASCII, no backslash anywhere.
  expect(result).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
  expect(result).not.toContain("\\");
  // As a browser resolves it from any page of the site.
  for (const base of BROWSER_BASES) expect(new URL(result, base).origin).toBe(new URL(base).origin);
  // The next hop (callbackUrl passed on to /login/verify) reads it the same way.
  expect(safeRedirectPath(result)).toBe(result);
  expect(decodeURIComponent(result.split(/[?#]/)[0]!)).not.toMatch(/^\/(login|api\/auth)(\/|$)/i);
}

/** Several hundred hostile targets: ways out of the site crossed with the hosts they point at. */
function hostileCorpus(): string[] {
  const hosts = [
    "evil.tld",
    "evil.tld:443/phish",
    "evil.tld/dashboard",
    "user:pass@evil.tld",
    "localhost:3310@evil.tld",
    "[::1]",
    "[2001:db8::1]:8080",
    "[::ffff:127.0.0.1]",
    "127.0.0.1",
    "0x7f.1",
    "2130706433",
    "ⓔvil.tld",
    "evil。tld",
    "xn--vil-8ma.tld",
  ];
  const escapes = [
    "//",
    "///",
    "////",
    "/.//",
    "/././/",
    "/..//",
    "/../..//",
    "/a/../..//",
    "/a/b/../../..//",
    "/%2e//",
    "/%2e%2e//",
    "/.%2e//",
    "/%2E%2E//",
    "/\\",
    "/\\\\",
    "\\\\",
    "\\/",
    "/.\\/",
    "/..\\/",
    "/\t/",
    "/\n/",
    "/\r/",
    "/\r\n/",
    "/\u0000/",
    "/\u000b/",
    "/\u007f/",
    "\t//",
    " //",
    "\u0000//",
    "\ufeff//",
    "/%2F/",
    "/%2f%2f",
    "/%2F%2F",
    "/%5C",
    "/%5c%5c",
    "/%5C%2F",
    "/%252F/",
    "/%252f%252f",
    "/%255C",
    "/%25252F/",
    "/.%2F/",
    "/..%2F..%2F/",
    "/%09/",
    "/%0a/",
    "/%00/",
    "http://",
    "https://",
    "HTTPS://",
    "http:/",
    "https:\\\\",
    "http:",
    "ftp://",
    "ws://",
    "javascript://",
    "／／",
    "/／",
    "\uff0f\uff0f",
    "/\u2215",
    "/\u2044",
    "\u3000//",
  ];
  const corpus: string[] = [];
  for (const escape of escapes) for (const host of hosts) corpus.push(`${escape}${host}`);
  corpus.push(
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "javascript%3Aalert(1)",
    "/javascript:alert(1)#\\",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "blob:https://evil.tld/uuid",
    "file:///etc/passwd",
    "mailto:victim@evil.tld",
    "https:evil.tld",
    "http:evil.tld",
    "dashboard",
    "./dashboard",
    "../dashboard",
    "?callbackUrl=//evil.tld",
    "#//evil.tld",
    "@evil.tld",
    "",
    " ",
    "/",
    "/login",
    "/login/",
    "/LOGIN",
    "/login/verify?callbackUrl=//evil.tld",
    "/./login",
    "/x/../login",
    "/%6Cogin",
    "/%6c%6f%67%69%6e",
    "/api/auth/signout",
    "/api/auth/callback/credentials",
    "/API/Auth/session",
    "/api/%61uth/signout",
    "/api/x/../auth/signin",
    `/${"a".repeat(3000)}`,
    `/${"é".repeat(600)}`,
    "/%",
    "/%zz",
    "/%c3",
  );
  return corpus;
}

describe("safeRedirectPath", () => {
  it("keeps same-origin paths with their query and hash", () => {
    expect(safeRedirectPath("/settings")).toBe("/settings");
    expect(safeRedirectPath("/admin/login-and-2fa?q=alice#top")).toBe("/admin/login-and-2fa?q=alice#top");
    expect(safeRedirectPath("/admin/audit?q=a%2Fb&next=//x")).toBe("/admin/audit?q=a%2Fb&next=//x");
  });

  it("returns the normalised form: dot segments resolved, unsafe characters percent-encoded", () => {
    expect(safeRedirectPath("/settings/./security/../security")).toBe("/settings/security");
    expect(safeRedirectPath("/%2e/settings")).toBe("/settings");
    expect(safeRedirectPath('/admin/audit?q=a b"<>')).toBe("/admin/audit?q=a%20b%22%3C%3E");
    expect(safeRedirectPath("/café")).toBe("/caf%C3%A9");
    expect(safeRedirectPath("/／evil.tld")).toBe("/%EF%BC%8Fevil.tld");
  });

  it("refuses what normalising turns into another origin (the /.//evil.tld bug)", () => {
    for (const target of ["/.//evil.tld", "/..//evil.tld", "/a/../..//evil.tld", "/%2e%2e//evil.tld", "/./\\evil.tld"]) {
      expect(safeRedirectPath(target)).toBe(DEFAULT_REDIRECT_PATH);
    }
  });

  it.each([
    "https://evil.example",
    "https://evil.example/dashboard",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "dashboard",
    "",
  ])("sends %j to the fallback", (target) => {
    expect(safeRedirectPath(target)).toBe("/dashboard");
  });

  it("never sends the user back to the login page or the auth endpoints", () => {
    expect(safeRedirectPath("/login?callbackUrl=/x")).toBe("/dashboard");
    expect(safeRedirectPath("/api/auth/signout")).toBe("/dashboard");
    expect(safeRedirectPath("/login-history")).toBe("/login-history");
  });

  it("takes a caller's fallback", () => {
    expect(safeRedirectPath("//evil.tld", { fallback: "/settings" })).toBe("/settings");
    expect(safeRedirectPath(undefined, { fallback: "/settings" })).toBe("/settings");
  });

  describe("with the site's origin (the Auth.js redirect callback)", () => {
    it("reduces an absolute URL on the site to its path", () => {
      expect(safeRedirectPath(`${SITE}/settings?x=1#y`, { origin: SITE })).toBe("/settings?x=1#y");
      expect(safeRedirectPath(`${SITE}/a/..//evil.tld`, { origin: SITE })).toBe(DEFAULT_REDIRECT_PATH);
      expect(safeRedirectPath("HTTP://LOCALHOST:3310/settings", { origin: SITE })).toBe("/settings");
      expect(safeRedirectPath(`${SITE}/login?callbackUrl=%2Fsettings`, { origin: SITE })).toBe(DEFAULT_REDIRECT_PATH);
    });

    it.each([
      "http://localhost:33100/settings",
      "http://localhost:3310.evil.tld/settings",
      "http://localhost:3310@evil.tld/settings",
      "http://user:pass@localhost:3310/settings",
      "http://user@localhost:3310/settings",
      "https://localhost:3310/settings",
      "//localhost:3310/settings",
      "blob:http://localhost:3310/settings",
      "http:\\\\localhost:3310/settings",
      "http://localhost:3310\\@evil.tld/",
      "http://evil.tld/",
    ])("refuses %j", (target) => {
      expect(safeRedirectPath(target, { origin: SITE })).toBe(DEFAULT_REDIRECT_PATH);
    });

    it("refuses absolute URLs when no origin is given", () => {
      expect(safeRedirectPath(`${SITE}/settings`)).toBe(DEFAULT_REDIRECT_PATH);
    });
  });

  describe("a corpus of hostile targets", () => {
    const corpus = hostileCorpus();

    it("has hundreds of distinct variants", () => {
      expect(new Set(corpus).size).toBeGreaterThanOrEqual(60);
      expect(corpus.length).toBeGreaterThan(800);
    });

    it("only ever yields a safe same-origin path, with or without the site's origin", () => {
      for (const target of corpus) {
        expectSafe(safeRedirectPath(target));
        expectSafe(safeRedirectPath(target, { origin: SITE }));
        expectSafe(safeRedirectPath(`${SITE}${target}`, { origin: SITE }));
      }
    });

    it("sends every variant that names a host to the fallback", () => {
      // Targets where only non-ASCII lookalikes stand in for the slashes are plain paths on the site.
      const lookalikes = /^(\/)?(／|\uff0f|\u2215|\u2044)/;
      const offSite = corpus.filter((target) => !lookalikes.test(target) && /evil|::|127\.0|0x7f|2130706433|xn--/.test(target));
      expect(offSite.length).toBeGreaterThan(700);
      const escaped = offSite.filter((target) => safeRedirectPath(target) !== DEFAULT_REDIRECT_PATH);
      expect(escaped).toEqual([]);
    });
  });

  describe("property: any input", () => {
    // mulberry32: small, seeded, reproducible.
    function random(seed: number) {
      let state = seed >>> 0;
      return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }

    const pieces = [
      "/",
      "/",
      "/",
      "//",
      "\\",
      ".",
      "..",
      "./",
      "../",
      "%2f",
      "%2F",
      "%5c",
      "%5C",
      "%25",
      "%2e",
      "%2E",
      "%00",
      "%0a",
      "%",
      "\t",
      "\n",
      "\r",
      "\u0000",
      "\u001f",
      "\u007f",
      " ",
      "\u3000",
      "\ufeff",
      "\u200b",
      "@",
      ":",
      "?",
      "#",
      "&",
      "=",
      "[",
      "]",
      "::1",
      "evil.tld",
      "localhost",
      "3310",
      "http:",
      "https:",
      "javascript:",
      "data:",
      "blob:",
      "login",
      "api",
      "auth",
      "dashboard",
      "settings",
      "／",
      "\u2215",
      "。",
      "é",
      "ⓔ",
      "\ud83d\ude00",
      "\ud800",
      "a",
      "0",
    ];

    function randomTarget(next: () => number): string {
      const length = Math.floor(next() * 12);
      let target = next() < 0.7 ? "/" : "";
      for (let i = 0; i < length; i++) {
        target += next() < 0.85 ? pieces[Math.floor(next() * pieces.length)]! : String.fromCharCode(Math.floor(next() * 0x3000));
      }
      return target;
    }

    it.each([1, 2, 3, 42, 20261130])("yields a safe same-origin path (seed %i)", (seed) => {
      const next = random(seed);
      let kept = 0;
      for (let run = 0; run < 3000; run++) {
        const target = randomTarget(next);
        try {
          const result = safeRedirectPath(target);
          expectSafe(result);
          if (result !== DEFAULT_REDIRECT_PATH) kept++;
          expectSafe(safeRedirectPath(target, { origin: SITE }));
          expectSafe(safeRedirectPath(`${SITE}${target}`, { origin: SITE }));
        } catch (error) {
          throw new Error(`seed ${seed}, run ${run}, target ${JSON.stringify(target)}: ${String(error)}`);
        }
      }
      // The property is not met by refusing everything: about a quarter are real paths.
      expect(kept).toBeGreaterThan(300);
    });
  });
});
