import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION_BODY_LIMIT_BYTES } from "./action-request";
import { screenRequest } from "./screen-request";

// A server like server.ts: screen, then a stand-in for Next that echoes the body it reads.
let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer(async (request, response) => {
    const https = request.headers["x-test-https"] === "1";
    const forNext = await screenRequest(request, response, { https });
    if (!forNext) return;
    const chunks: Buffer[] = [];
    for await (const chunk of forNext) chunks.push(chunk as Buffer);
    if (request.url === "/page") response.setHeader("Content-Security-Policy", "script-src 'nonce-x'");
    response.writeHead(200, { "Content-Type": "text/plain" }).end(`${forNext.headers["content-length"]}:${Buffer.concat(chunks).toString()}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const action = { "Next-Action": "7f00", "Content-Type": "text/plain;charset=UTF-8" };
const post = (headers: Record<string, string>, body: BodyInit, path = "/login") =>
  fetch(`${base}${path}`, { method: "POST", headers: { Origin: base, ...headers }, body, duplex: "half" } as RequestInit);

describe("server action requests before Next", () => {
  it("hands a good one to Next with its body intact", async () => {
    const response = await post(action, '[{"email":"a@b.c"}]');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('19:[{"email":"a@b.c"}]');
  });

  it("refuses a foreign or missing Origin with a 403 and its reason", async () => {
    const foreign = await post({ ...action, Origin: "http://evil.test" }, "[]");
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: "ORIGIN_MISMATCH", message: expect.stringContaining("evil.test") });
    const missing = await fetch(`${base}/login`, { method: "POST", headers: action, body: "[]" });
    expect(missing.status).toBe(403);
  });

  it("refuses a body over the limit with a 413, declared or streamed", async () => {
    const big = "a".repeat(ACTION_BODY_LIMIT_BYTES + 1);
    const declared = await post(action, big);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: "ACTION_BODY_TOO_LARGE" });
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("a".repeat(64 * 1024)));
        controller.close();
      },
    });
    const streamed = await post(action, stream);
    expect(streamed.status).toBe(413);
  });

  it("refuses a body React cannot decode with a 400", async () => {
    expect((await post(action, "hello{")).status).toBe(400);
    const multipart = await post({ "Next-Action": "7f00", "Content-Type": "multipart/form-data; boundary=x" }, "garbage");
    expect(multipart.status).toBe(400);
    expect(await multipart.json()).toMatchObject({ message: expect.stringContaining("multipart") });
  });

  it("answers a browser's form post with a page", async () => {
    const form = new FormData();
    form.set("$ACTION_REF_1", "");
    form.set("$ACTION_1:0", "junk");
    const response = await fetch(`${base}/login`, { method: "POST", headers: { Origin: base, Accept: "text/html" }, body: form });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("not JSON");
  });

  it("leaves other requests alone", async () => {
    const response = await fetch(`${base}/api/auth/signout`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "csrfToken=x",
    });
    expect(await response.text()).toBe("11:csrfToken=x");
  });
});

describe("security headers on every response", () => {
  it("adds defaults without replacing what the responder set", async () => {
    const page = await fetch(`${base}/page`);
    expect(page.headers.get("content-security-policy")).toBe("script-src 'nonce-x'");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    const refused = await post({ ...action, Origin: "http://evil.test" }, "[]");
    expect(refused.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(refused.headers.get("referrer-policy")).toBe("same-origin");
  });

  it("sends HSTS only over TLS", async () => {
    expect((await fetch(`${base}/x`)).headers.get("strict-transport-security")).toBeNull();
    expect((await fetch(`${base}/x`, { headers: { "x-test-https": "1" } })).headers.get("strict-transport-security")).toBe(
      "max-age=63072000; includeSubDomains",
    );
  });
});
