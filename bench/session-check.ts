// Issue 10: the per-request session check. Requests per second of an authenticated page
// (the dashboard, with a valid session: server.ts's gate, proxy.ts, the session read, the
// page) against an empty Next.js page served by `next start`, side by side, one process
// each (the empty page rendered per request, as any page behind a session is). Target: at
// least half the empty page's rate.
//   npm run bench:session -- [--seconds 10] [--concurrency 8] [--postgresql]
import { hashPassword } from "../lib/auth/password";
import { emptyNextPage } from "./empty-next-page";
import { benchSecrets, startServer } from "./server-process";
import { databaseFromArgs, freshDatabase, numberArg } from "./support";

const kind = databaseFromArgs();
const seconds = numberArg("seconds", 10);
const concurrency = numberArg("concurrency", 8);
const port = numberArg("port", 3260);
const PASSWORD = "correct-horse-battery-staple";

/** Requests per second of GET `url` for `seconds`, `concurrency` at a time; every answer must be a 200 containing `expect`. */
async function load(url: string, headers: Record<string, string>, expect: string) {
  let done = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const response = await fetch(url, { headers, redirect: "manual" }).catch(() => null);
        const body = response ? await response.text() : "";
        if (response?.status === 200 && body.includes(expect)) done++;
        else errors++;
      }
    }),
  );
  return { rate: done / ((performance.now() - started) / 1000), errors };
}

const context = await freshDatabase(kind, 0);
await context.db.user.create({
  data: { organisationId: context.organisationId, email: "bench@acme.test", name: "Bench User", passwordHash: await hashPassword(PASSWORD) },
});
const server = await startServer({ databaseUrl: context.url, port, secrets: benchSecrets(), workers: 1 });
// The fair baseline renders on every request too: a page behind a session cannot be prerendered.
const empty = await emptyNextPage(port + 1, { dynamic: true });
try {
  const login = await fetch(`${server.url}/api/login`, {
    method: "POST",
    headers: { Accept: "application/json", Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ step: "password", email: "bench@acme.test", password: PASSWORD }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .join("; ");
  if (!cookie.includes("session-token=")) throw new Error(`The bench user could not log in (${login.status})`);

  // Warm-up, then each side alone.
  await load(`${server.url}/dashboard`, { Cookie: cookie }, 'data-testid="current-user"');
  const twofold = await load(`${server.url}/dashboard`, { Cookie: cookie }, 'data-testid="current-user"');
  await load(empty.url, {}, "Hello");
  const baseline = await load(empty.url, {}, "Hello");
  console.log(
    `session-check  database=${kind} concurrency=${concurrency} ${seconds} s each  ` +
      `/dashboard with a session: ${twofold.rate.toFixed(0)} req/s (errors ${twofold.errors})   ` +
      `empty Next.js page: ${baseline.rate.toFixed(0)} req/s (errors ${baseline.errors})   ` +
      `ratio ${(twofold.rate / baseline.rate).toFixed(2)} (target >= 0.5)`,
  );
  if (twofold.errors) process.exitCode = 1;
} finally {
  empty.stop();
  await server.stop();
  await context.dispose();
}
