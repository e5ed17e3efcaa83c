// DESIGN §5: full logins (password + TOTP) per second at the argon2 settings of DESIGN §2:
// at least 60/s on this 2-core machine, 0 errors, p95 under 300 ms. Each login is what a
// browser does: the password step, then the code step, each a POST to the login route.
//   npm run bench:login -- [--seconds 20] [--concurrency 16] [--workers 2] [--postgresql]
import { Secret, TOTP } from "otpauth";
import { keyringFromEnv } from "../lib/crypto";
import { hashPassword, verifyPassword } from "../lib/auth/password";
import { sealTotpSecret, newTotpSecret } from "../lib/two-factor/secrets";
import { benchSecrets, startServer } from "./server-process";
import { databaseFromArgs, freshDatabase, ms, numberArg, percentile } from "./support";

const kind = databaseFromArgs();
const seconds = numberArg("seconds", 20);
const concurrency = numberArg("concurrency", 16);
const port = numberArg("port", 3240);
const workers = numberArg("workers", 2);
const PASSWORD = "correct-horse-battery-staple";

// Each user logs in once (a TOTP step is accepted once), so make more than will be needed.
const users = Math.max(50, seconds * 150);
const context = await freshDatabase(kind, 0);
const secrets = benchSecrets();
const keyring = keyringFromEnv(secrets);
const passwordHash = await hashPassword(PASSWORD);
const accounts: { email: string; totp: TOTP }[] = [];
for (let start = 0; start < users; start += 1000) {
  const batch = Array.from({ length: Math.min(1000, users - start) }, (_, i) => {
    const id = `bench-user-${start + i}`;
    const secret = newTotpSecret();
    accounts.push({
      email: `${id}@acme.test`,
      totp: new TOTP({ secret: Secret.fromHex(secret.toString("hex")), algorithm: "SHA1", digits: 6, period: 30 }),
    });
    return {
      id,
      organisationId: context.organisationId,
      email: `${id}@acme.test`,
      name: id,
      passwordHash,
      twoFactorStatus: "ACTIVE" as const,
      totpSecret: sealTotpSecret(keyring, secret, id),
    };
  });
  await context.db.user.createMany({ data: batch });
}

const server = await startServer({ databaseUrl: context.url, port, secrets, workers });

function cookiesFrom(response: Response, jar: Map<string, string>) {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const index = pair!.indexOf("=");
    jar.set(pair!.slice(0, index), pair!.slice(index + 1));
  }
}

/** One login step, as the login form sends it once the page is interactive. */
async function loginStep(fields: Record<string, string>, jar: Map<string, string>): Promise<{ ok: boolean; redirectTo?: string }> {
  const response = await fetch(`${server.url}/api/login`, {
    method: "POST",
    redirect: "manual",
    headers: {
      Accept: "application/json",
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: server.url,
      Cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; "),
    },
    body: new URLSearchParams(fields),
  });
  cookiesFrom(response, jar);
  return (await response.json()) as { ok: boolean; redirectTo?: string };
}

/** One full login; true when it ends signed in, headed for the dashboard. */
async function login(account: (typeof accounts)[number]): Promise<boolean> {
  const jar = new Map<string, string>();
  const first = await loginStep({ step: "password", email: account.email, password: PASSWORD }, jar);
  if (!first.redirectTo?.startsWith("/login/verify")) return false;
  const second = await loginStep({ step: "totp", code: account.totp.generate() }, jar);
  return second.ok && second.redirectTo === "/dashboard";
}

try {
  // Warm-up: first requests compile routes and fill caches.
  for (const account of accounts.splice(0, 4)) await login(account);

  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const cpuBefore = server.cpuSeconds();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline && next < accounts.length) {
        const account = accounts[next++]!;
        const t0 = performance.now();
        const ok = await login(account).catch(() => false);
        latencies.push(performance.now() - t0);
        if (!ok) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpuPerLogin = ((server.cpuSeconds() - cpuBefore) * 1000) / Math.max(1, latencies.length);
  const rate = (latencies.length - errors) / elapsed;

  // Where a login's time goes: the password hash alone, measured the same way.
  const verifySamples: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await verifyPassword(passwordHash, PASSWORD);
    verifySamples.push(performance.now() - t0);
  }
  console.log(
    `login-throughput  database=${kind} workers=${workers} concurrency=${concurrency} duration=${elapsed.toFixed(1)} s  ` +
      `${rate.toFixed(1)} logins/s  errors=${errors}/${latencies.length}  ` +
      `p50 ${ms(percentile(latencies, 50))}  p95 ${ms(percentile(latencies, 95))}  p99 ${ms(percentile(latencies, 99))}  ` +
      `server CPU ${cpuPerLogin.toFixed(0)} ms/login` +
      `  (argon2id verify alone: p50 ${ms(percentile(verifySamples, 50))}; target >= 60/s, 0 errors, p95 < 300 ms)`,
  );
} finally {
  await server.stop();
  await context.dispose();
}
