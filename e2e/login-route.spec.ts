import { expect, test } from "./kit/fixtures";

// The login's one door, POST /api/login, as a script or a hostile page would use it: never a
// 500, never a session for a request from another site.

const json = { Accept: "application/json" };

test("a login step answers bad input with a 4xx and a reason, never a 500", { tag: "@remote" }, async ({ request, baseURL }) => {
  const origin = { ...json, Origin: new URL(baseURL!).origin };
  const cases: { data?: string; headers?: Record<string, string>; status: number; error: string }[] = [
    { data: "", status: 400, error: "INVALID_INPUT" },
    { data: "not json{", headers: { "Content-Type": "application/json" }, status: 400, error: "INVALID_INPUT" },
    { data: "[1,2]", headers: { "Content-Type": "application/json" }, status: 400, error: "INVALID_INPUT" },
    { data: "step=teleport&code=1", headers: { "Content-Type": "application/x-www-form-urlencoded" }, status: 400, error: "INVALID_INPUT" },
    { data: "step=password&email=x", headers: { "Content-Type": "application/x-www-form-urlencoded" }, status: 400, error: "INVALID_INPUT" },
    {
      data: `step=password&email=a%40b.test&password=${"x".repeat(20_000)}`,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      status: 413,
      error: "INVALID_INPUT",
    },
    // A code step without a pending login of the caller's own.
    { data: "step=totp&code=123456", headers: { "Content-Type": "application/x-www-form-urlencoded" }, status: 401, error: "LOGIN_EXPIRED" },
    {
      data: "step=password&email=nobody%40acme.test&password=wrong-password",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      status: 401,
      error: "INVALID_CREDENTIALS",
    },
  ];
  for (const item of cases) {
    const response = await request.post("/api/login", { headers: { ...origin, ...item.headers }, data: item.data, maxRedirects: 0 });
    expect(response.status(), item.data?.slice(0, 40)).toBe(item.status);
    expect(await response.json()).toMatchObject({ ok: false, error: item.error });
    expect(response.headers()["set-cookie"] ?? "").not.toContain("session-token=");
  }
});

test("a login from another site, or with no Origin, is refused and starts no session", { tag: "@remote" }, async ({ request, member }) => {
  for (const headers of [{ Origin: "http://evil.example" }, {}] as Record<string, string>[]) {
    // Even a body that cannot be read gets the refusal, not an error.
    const odd = await request.post("/api/login", {
      headers: { ...json, ...headers, "Content-Type": "application/json" },
      data: '{"callbackUrl":null}',
      maxRedirects: 0,
    });
    expect(odd.status()).toBe(403);
    const response = await request.post("/api/login", {
      headers: { ...json, ...headers },
      form: { step: "password", email: member.email, password: member.password },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(await response.json()).toMatchObject({ ok: false, error: "FORBIDDEN" });
    expect(response.headers()["set-cookie"] ?? "").not.toContain("session-token=");
  }
});

test("a plain form post goes on with a 303, or back to its form with the error's code", { tag: "@remote" }, async ({ request, baseURL, member }) => {
  const origin = { Origin: new URL(baseURL!).origin };
  const wrong = await request.post("/api/login", {
    headers: origin,
    form: { step: "password", email: member.email, password: "wrong-password", callbackUrl: "/settings" },
    maxRedirects: 0,
  });
  expect(wrong.status()).toBe(303);
  expect(wrong.headers().location).toBe("/login?error=INVALID_CREDENTIALS&callbackUrl=%2Fsettings");

  const right = await request.post("/api/login", {
    headers: origin,
    form: { step: "password", email: member.email, password: member.password, callbackUrl: "//evil.example/x" },
    maxRedirects: 0,
  });
  expect(right.status()).toBe(303);
  expect(right.headers().location).toBe("/dashboard");
  expect(right.headers()["set-cookie"]).toContain("session-token=");
});
