// server.ts's wrapper around Next's answer, on a real HTTP server: while the database is
// unavailable a request gets the 503, never a 500 or a redirect to the login page, and no
// answer ends the caller's session.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { RequestContext } from "@/lib/request-context";
import { answerUnavailableInsteadOfFailure, clearsSessionCookie } from "./unavailable-response";

const CLEARED = "authjs.session-token=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly";
let server: http.Server | null = null;

/** A server whose "app" answers with `answer`, the request marked as having met the database unavailable or not. */
async function serve(marked: boolean, answer: (response: http.ServerResponse) => void) {
  server = http.createServer((request, response) => {
    const context: RequestContext = { requestId: "r", clientIp: "", secure: false, userAgent: null };
    answerUnavailableInsteadOfFailure(request, response, context);
    if (marked) context.databaseUnavailable = true; // as Auth.js's logger does, before the app answers
    answer(response);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = null;
});

const page = (url: string) => fetch(`${url}/dashboard`, { headers: { Accept: "text/html" }, redirect: "manual" });

describe("a request that met the database unavailable", () => {
  it("gets the 503 page instead of a redirect to the login page, and keeps its session cookie", async () => {
    const url = await serve(true, (response) => {
      response.setHeader("Set-Cookie", [CLEARED]);
      response.writeHead(307, { Location: "/login?callbackUrl=%2Fdashboard" }).end();
    });
    const answer = await page(url);
    expect(answer.status).toBe(503);
    expect(answer.headers.get("location")).toBeNull();
    expect(answer.headers.getSetCookie()).toEqual([]);
    expect(answer.headers.get("retry-after")).toBe("5");
    expect(await answer.text()).toContain("Twofold is briefly unavailable");
  });

  it("gets the 503 page instead of a page shown as if signed out (a public page that read no session)", async () => {
    const url = await serve(true, (response) => {
      response.setHeader("Set-Cookie", [CLEARED]);
      response.writeHead(200, { "Content-Type": "text/html" }).end("<h1>Log in</h1>");
    });
    const answer = await fetch(`${url}/login`, { headers: { Accept: "text/html" } });
    expect(answer.status).toBe(503);
    expect(answer.headers.getSetCookie()).toEqual([]);
    expect(await answer.text()).toContain("Twofold is briefly unavailable");
  });

  it("gets the 503 instead of a 500, in the form its client reads", async () => {
    const url = await serve(true, (response) => {
      response.statusCode = 500;
      response.end("Internal Server Error");
    });
    const answer = await fetch(`${url}/api/users`, { headers: { Accept: "application/json" } });
    expect(answer.status).toBe(503);
    expect(await answer.json()).toMatchObject({ ok: false, error: "UNAVAILABLE" });
  });

  it("keeps an answer of its own (the login route's answer, an action's form state) but drops the session cookies it clears", async () => {
    const url = await serve(true, (response) => {
      response.setHeader("Set-Cookie", [CLEARED, "__Secure-authjs.session-token.0=; Max-Age=0", "theme=dark"]);
      response.writeHead(200, { "Content-Type": "text/plain", "set-cookie": ["authjs.session-token.1=; Max-Age=0", "lang=en"] });
      response.end("form state");
    });
    const answer = await fetch(`${url}/settings`, { method: "POST", headers: { "Next-Action": "abc" } });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("form state");
    // (writeHead's own set-cookie replaces the one set before, as Node does.)
    expect(answer.headers.getSetCookie()).toEqual(["lang=en"]);
  });

  it("drops a clearing cookie given to writeHead in Node's flat [name, value, …] form too", async () => {
    const url = await serve(true, (response) => {
      response.writeHead(200, ["Content-Type", "text/plain", "Set-Cookie", CLEARED, "Set-Cookie", "lang=en"]).end("form state");
    });
    const answer = await fetch(`${url}/settings`, { method: "POST", headers: { "Next-Action": "abc" } });
    expect(answer.headers.getSetCookie()).toEqual(["lang=en"]);
  });

  it("still gets a session cookie issued to it (a login step that completed before another read failed)", async () => {
    const issued = "authjs.session-token=eyJhbGciOiJkaXIifQ.new; Path=/; Max-Age=1800; HttpOnly; SameSite=Lax";
    const url = await serve(true, (response) => {
      response.setHeader("Set-Cookie", [issued]);
      response.writeHead(200, { "Content-Type": "application/json" }).end('{"ok":true}');
    });
    const answer = await fetch(`${url}/api/login`, { method: "POST" });
    expect(answer.headers.getSetCookie()).toEqual([issued]);
  });
});

describe("clearsSessionCookie", () => {
  it("is true of a session cookie deleted by an empty value, Max-Age 0 or a past expiry, in any chunk or prefix", () => {
    const now = Date.parse("2026-12-01T12:00:00Z");
    expect(clearsSessionCookie("authjs.session-token=; Path=/", now)).toBe(true);
    expect(clearsSessionCookie("__Secure-authjs.session-token.1=abc; Max-Age=0", now)).toBe(true);
    expect(clearsSessionCookie("authjs.session-token=abc; Expires=Thu, 01 Jan 1970 00:00:00 GMT", now)).toBe(true);
    expect(clearsSessionCookie("authjs.session-token=abc; Max-Age=1800; Expires=Tue, 01 Dec 2026 12:30:00 GMT", now)).toBe(false);
    expect(clearsSessionCookie("theme=; Max-Age=0", now)).toBe(false);
  });
});

describe("a request that did not", () => {
  it("passes through untouched: its redirect, its 500 and its cookies", async () => {
    const url = await serve(false, (response) => {
      response.setHeader("Set-Cookie", [CLEARED]);
      response.writeHead(307, { Location: "/login" }).end();
    });
    const answer = await page(url);
    expect(answer.status).toBe(307);
    expect(answer.headers.get("location")).toBe("/login");
    expect(answer.headers.getSetCookie()).toEqual([CLEARED]);

    await new Promise((resolve) => server!.close(resolve));
    const failing = await serve(false, (response) => {
      response.statusCode = 500;
      response.end("Internal Server Error");
    });
    expect((await page(failing)).status).toBe(500);
  });
});
