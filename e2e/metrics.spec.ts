import http from "node:http";
import { expect, test } from "./kit/fixtures";
import { DEMO_PASSWORD } from "./kit/accounts";
import { startOwnServer, type OwnServer } from "./kit/own-server";

// Prometheus metrics of a production server with two worker processes: the primary serves
// them on METRICS_PORT (never on the public port), each worker's counts add up, and the
// database gauges are not multiplied by the number of workers. A server of its own: the
// suite's servers run one process without metrics.
const port = Number(process.env.E2E_PORT ?? 3210) + 7;
const metricsPort = Number(process.env.E2E_PORT ?? 3210) + 6000;
let server: OwnServer;

test.describe.configure({ mode: "serial", timeout: 120_000 });
test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startOwnServer({ port, users: 6, env: { WEB_CONCURRENCY: "2", METRICS_PORT: String(metricsPort) } });
});
test.afterAll(async () => server?.stop());

/** One login step on a connection of its own (Connection: close), so the primary hands each to the next worker. */
function postLogin(email: string, password: string, n: number): Promise<number> {
  const body = new URLSearchParams({ step: "password", email, password }).toString();
  return new Promise((resolve, reject) => {
    const request = http.request(
      `http://127.0.0.1:${port}/api/login`,
      {
        method: "POST",
        agent: false,
        localAddress: `127.0.0.${10 + n}`, // an address each: no per-address limit is reached
        headers: {
          Host: `localhost:${port}`,
          Origin: `http://localhost:${port}`,
          Accept: "application/json",
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
          Connection: "close",
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode!));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test("logins counted in both workers add up on METRICS_PORT, never on the public port", async ({ request }) => {
  // Four free failures per account before its backoff: three wrong passwords each for two accounts.
  const wrong = ["user1@own.test", "user2@own.test"].flatMap((email) => [email, email, email]);
  const right = ["user3@own.test", "user4@own.test", "user5@own.test", "user6@own.test"];
  const statuses = await Promise.all([
    ...wrong.map((email, n) => postLogin(email, "not-the-password", n)),
    ...right.map((email, n) => postLogin(email, DEMO_PASSWORD, wrong.length + n)),
  ]);
  expect(statuses).toEqual([...wrong.map(() => 401), ...right.map(() => 200)]);

  const scraped = await request.get(`http://127.0.0.1:${metricsPort}/metrics`);
  expect(scraped.status()).toBe(200);
  expect(scraped.headers()["content-type"]).toContain("text/plain");
  const text = await scraped.text();
  expect(sample(text, 'twofold_logins_total{outcome="wrong_password"}')).toBe(wrong.length);
  expect(sample(text, 'twofold_logins_total{outcome="success"}')).toBe(right.length);
  // One count per worker would double it: the database holds exactly these sessions.
  expect(sample(text, "twofold_active_sessions")).toBe(right.length);
  expect(sample(text, 'twofold_outbox_emails{state="failed"}')).toBe(0);
  expect(text).toMatch(/^process_cpu_seconds_total \d/m);
  // Each attempt's request log line carries the same outcome.
  expect(server.output().match(/"outcome":"wrong_password"/g)).toHaveLength(wrong.length);
  expect(sample(text, 'twofold_http_request_duration_seconds_count{kind="login_api",status="4xx"}')).toBe(wrong.length);

  // The public port knows no /metrics: answered as any unknown path is, with no metric in it.
  const unknown = await request.get(`${server.url}/no-such-page`, { maxRedirects: 0 });
  const publicMetrics = await request.get(`${server.url}/metrics`, { maxRedirects: 0 });
  expect([publicMetrics.status(), publicMetrics.headers()["location"]?.replace("metrics", "no-such-page")]).toEqual([
    unknown.status(),
    unknown.headers()["location"],
  ]);
  const followed = await request.get(`${server.url}/metrics`);
  expect(await followed.text()).not.toContain("twofold_");
  // And the metrics port serves nothing else.
  expect((await request.get(`http://127.0.0.1:${metricsPort}/login`)).status()).toBe(404);
});
