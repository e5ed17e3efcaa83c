import { describe, expect, it } from "vitest";
import { clearingCookies, readSessionCookie, rewriteCookieHeader, sessionCookieName, usesSecureCookies } from "./session-cookie";

describe("the session cookie reader (Auth.js's rules)", () => {
  it("picks the name by protocol, and AUTH_URL's protocol when it is set", () => {
    expect(sessionCookieName(false)).toBe("authjs.session-token");
    expect(sessionCookieName(true)).toBe("__Secure-authjs.session-token");
    expect(usesSecureCookies("http", undefined)).toBe(false);
    expect(usesSecureCookies("https", undefined)).toBe(true);
    expect(usesSecureCookies("http", "https://app.example")).toBe(true);
    expect(usesSecureCookies("https", "http://localhost:3000")).toBe(false);
  });

  it("joins chunks in the order of their number, whatever order they came in", () => {
    expect(readSessionCookie("authjs.session-token.1=BBB; x=1; authjs.session-token.0=AAA", false)).toEqual({
      kind: "token",
      token: "AAABBB",
      names: ["authjs.session-token.1", "authjs.session-token.0"],
      strays: [],
    });
    expect(readSessionCookie("authjs.session-token.0=AAA", false)).toMatchObject({ kind: "token", token: "AAA" });
    // Any name that starts with the cookie's name counts, as in Auth.js: a plain one is chunk 0.
    expect(readSessionCookie("authjs.session-token=AAA; authjs.session-token.1=BBB", false)).toMatchObject({ token: "AAABBB" });
  });

  it("keeps the first of duplicate names, even an empty one, and skips empty values", () => {
    expect(readSessionCookie("authjs.session-token=AAA; authjs.session-token=BBB", false)).toMatchObject({ token: "AAA" });
    expect(readSessionCookie("authjs.session-token=; authjs.session-token=BBB", false)).toMatchObject({ kind: "none" });
  });

  it("never reads the other protocol's name or another spelling, and lists them to be cleared", () => {
    expect(readSessionCookie("__Secure-authjs.session-token=AAA; AuthJS.Session-Token=BBB; __Host-authjs.session-token=C", false)).toEqual({
      kind: "none",
      strays: ["__Secure-authjs.session-token", "AuthJS.Session-Token", "__Host-authjs.session-token"],
    });
    expect(readSessionCookie("authjs.session-token=AAA", true)).toEqual({ kind: "none", strays: ["authjs.session-token"] });
    expect(readSessionCookie("__Secure-authjs.session-token.0=AAA", true)).toMatchObject({ kind: "token", token: "AAA" });
  });

  it("percent-decodes values, and calls broken encoding malformed", () => {
    expect(readSessionCookie("authjs.session-token=A%2EB", false)).toMatchObject({ token: "A.B" });
    expect(readSessionCookie("authjs.session-token=%E0%A4%A", false)).toMatchObject({ kind: "malformed", names: ["authjs.session-token"] });
  });

  it("hands Next only the canonical cookie, and clears the rest with the attributes their prefix needs", () => {
    const header = "a=1; authjs.session-token.0=AAA; b=2; AUTHJS.session-token=x";
    expect(rewriteCookieHeader(header, { secure: false, token: "AAA" })).toBe("a=1; b=2; authjs.session-token=AAA");
    expect(rewriteCookieHeader(header, null)).toBe("a=1; b=2");
    expect(clearingCookies(["authjs.session-token.0", "__Secure-authjs.session-token"])).toEqual([
      "authjs.session-token.0=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax",
      "__Secure-authjs.session-token=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax; Secure",
    ]);
    expect(clearingCookies(["bad name;"])).toEqual([]);
  });
});
