import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "./kit/fixtures";
import { ACME_MEMBER, DEMO_PASSWORD } from "./kit/accounts";
import { proxiedUrl } from "./kit/network";
import { serverActionId } from "./kit/server-actions";
import { LoginPage } from "./pages/login-page";

// Bad server action requests get a 4xx with a reason (never a 500), and every page a CSP.

// A public action (signing out asks for no session), on a page that has it.
const publicAction = () => serverActionId("lib/next/sign-out-action.ts", "signOutAction");
const MEGABYTE = 1024 * 1024;

function postAction(request: APIRequestContext, options: { origin?: string | null; contentType?: string; body: string | Buffer }) {
  const headers: Record<string, string> = {
    "Next-Action": publicAction(),
    "Content-Type": options.contentType ?? "text/plain;charset=UTF-8",
    Accept: "text/x-component",
  };
  if (options.origin !== null) headers.Origin = options.origin ?? process.env.E2E_BASE_URL!;
  return request.post("/login/verify", { headers, data: options.body, maxRedirects: 0 });
}

test("a server action from another origin, or with none, is refused with a 403 and the reason", { tag: "@remote" }, async ({ request }) => {
  const login = JSON.stringify([{ email: ACME_MEMBER, password: DEMO_PASSWORD }]);
  const foreign = await postAction(request, { origin: "http://evil.example", body: login });
  expect(foreign.status()).toBe(403);
  expect(await foreign.json()).toEqual({
    error: "ORIGIN_MISMATCH",
    message: expect.stringMatching(/^Server action refused: Origin http:\/\/evil\.example is not this site/),
  });
  expect(foreign.headers()["set-cookie"]).toBeUndefined();

  const missing = await postAction(request, { origin: null, body: login });
  expect(missing.status()).toBe(403);
  expect(await missing.json()).toMatchObject({ error: "ORIGIN_MISSING" });

  // The same request from the site itself goes through.
  const same = await postAction(request, { body: login });
  expect(same.status()).toBe(200);
  expect(await same.text()).toContain('"ok":true');
});

test("a server action body over 1 MB is refused with a 413", { tag: "@remote" }, async ({ request }) => {
  const oversize = await postAction(request, { body: JSON.stringify(["x".repeat(MEGABYTE)]) });
  expect(oversize.status()).toBe(413);
  expect(await oversize.json()).toEqual({
    error: "ACTION_BODY_TOO_LARGE",
    message: "Server action refused: the request body is larger than 1 MB.",
  });
});

test("a server action body that is not what React sends is refused with a 400", { tag: "@remote" }, async ({ request }) => {
  const notJson = await postAction(request, { body: "hello{" });
  expect(notJson.status()).toBe(400);
  expect(await notJson.json()).toEqual({ error: "ACTION_BODY_INVALID", message: "Server action refused: the body is not JSON." });

  for (const [body, reason] of [
    ['"not a list"', "the arguments are not a list"],
    ['["$1"]', "the body refers to a part it does not have"],
    ['["$n12x"]', "the body holds an invalid number"],
  ] as const) {
    const response = await postAction(request, { body });
    expect(response.status(), body).toBe(400);
    expect((await response.json()).message, body).toContain(reason);
  }

  const multipart = await postAction(request, { contentType: "multipart/form-data; boundary=x", body: "garbage" });
  expect(multipart.status()).toBe(400);
  expect((await multipart.json()).message).toContain("the multipart body cannot be read");
});

/** The nonce of the page's policy; every <script> of the page must carry it. */
async function expectNonceOnEveryScript(page: Page, policy: string | undefined) {
  const nonce = policy?.match(/script-src [^;]*'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
  expect(nonce, policy).toBeTruthy();
  const scripts = await page.locator("script").evaluateAll((elements) => elements.map((e) => (e as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.every((value) => value === nonce)).toBe(true);
  return nonce!;
}

/** Collects what the browser reports about the page breaking its CSP. */
function watchViolations(page: Page) {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on("pageerror", (error) => violations.push(error.message));
  return violations;
}

test("every page has a nonce CSP its scripts carry, and logging in breaks none of it", { tag: "@remote" }, async ({ page, browser }) => {
  const violations = watchViolations(page);
  const response = await page.goto("/login");
  const policy = response?.headers()["content-security-policy"];
  expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
  for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) {
    expect(policy).toContain(directive);
  }
  expect(policy).not.toContain("unsafe-eval");
  const nonce = await expectNonceOnEveryScript(page, policy);
  // A new nonce for every response.
  expect((await page.request.get("/login")).headers()["content-security-policy"]).not.toContain(nonce);
  expect(response?.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response?.headers()["referrer-policy"]).toBe("same-origin");

  await new LoginPage(page).submit(ACME_MEMBER, DEMO_PASSWORD);
  await expect(page.getByTestId("current-user")).toBeVisible();
  await expectNonceOnEveryScript(page, (await page.reload())?.headers()["content-security-policy"]);

  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expectNonceOnEveryScript(page, missing?.headers()["content-security-policy"]);
  expect(violations).toEqual([]);

  // Before hydration (no JavaScript at all) the login form still works: a plain form post.
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const form = await noScript.newPage();
  const formViolations = watchViolations(form);
  await form.goto("/login");
  await new LoginPage(form).submit(ACME_MEMBER, DEMO_PASSWORD);
  await expect(form).toHaveURL(/\/dashboard$/);
  await expect(form.getByTestId("current-user")).toBeVisible();
  expect(formViolations).toEqual([]);
  await noScript.close();
});

test("responses server.ts answers itself carry a script-free CSP", { tag: "@remote" }, async ({ request }) => {
  const refused = await postAction(request, { origin: "http://evil.example", body: "[]" });
  expect(refused.headers()["content-security-policy"]).toContain("default-src 'none'");
  expect(refused.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(refused.headers()["x-content-type-options"]).toBe("nosniff");
});

test("HSTS only when a trusted TLS proxy forwarded the request", async ({ playwright, baseURL }) => {
  const hsts = async (url: string, headers: Record<string, string>) => {
    const context = await playwright.request.newContext({ baseURL: url });
    const response = await context.get("/login", { headers, maxRedirects: 0 });
    const value = response.headers()["strict-transport-security"];
    await context.dispose();
    return value;
  };
  // The second server trusts 127.0.0.1 as its proxy.
  expect(await hsts(proxiedUrl(), { "X-Forwarded-Proto": "https" })).toBe("max-age=63072000; includeSubDomains");
  expect(await hsts(proxiedUrl(), {})).toBeUndefined();
  // The first trusts nobody: a client claiming https is still on plain HTTP.
  expect(await hsts(baseURL!, { "X-Forwarded-Proto": "https" })).toBeUndefined();
});
