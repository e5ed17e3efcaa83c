// The app's HTTP server: it owns the client's address (next start would keep a
// client-sent X-Forwarded-For), checks the secrets, then hands every request to Next.
import http from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import nextEnv from "@next/env";
import { encryptionKeyProblem, missingSecrets } from "./lib/env";
import { CLIENT_IP_HEADER } from "./lib/request-ip";

const FORWARDING_HEADERS = [
  CLIENT_IP_HEADER,
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-real-ip",
  "forwarded",
  "true-client-ip",
  "cf-connecting-ip",
];

const dev = process.env.NODE_ENV !== "production";
const { values } = parseArgs({
  options: { port: { type: "string" }, hostname: { type: "string" } },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME ?? "0.0.0.0";

nextEnv.loadEnvConfig(process.cwd(), dev);
if (!dev) {
  const problems = [
    ...missingSecrets().map((name) => `${name} is not set`),
    ...(missingSecrets().includes("TWOFOLD_ENCRYPTION_KEY") ? [] : [encryptionKeyProblem(process.env.TWOFOLD_ENCRYPTION_KEY)]),
  ].filter((problem): problem is string => Boolean(problem));
  if (problems.length) {
    console.error(
      `Twofold cannot start in production:\n${problems.map((p) => `  - ${p}`).join("\n")}\n` +
        "Set them in the environment (all instances need the same values), or run `npm run env:ensure` " +
        "to create them in .env.local on a single machine.",
    );
    process.exit(1);
  }
}

/** A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d. */
function unmapIpv4(address: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}

// Next forwards a server action to the worker that has it by fetching http://<hostname>:<port>;
// "localhost" keeps that request same-origin with a browser on http://localhost.
const app = next({ dev, hostname: "localhost", port, dir: process.cwd() });
const handle = app.getRequestHandler();

await app.prepare();
http
  .createServer((request, response) => {
    for (const name of FORWARDING_HEADERS) delete request.headers[name];
    const peer = unmapIpv4(request.socket.remoteAddress ?? "unknown");
    request.headers[CLIENT_IP_HEADER] = peer;
    request.headers["x-forwarded-for"] = peer;
    request.headers["x-forwarded-proto"] = "http";
    // Next compares a server action's Origin with this; without it Next would put its own
    // bind address here (e.g. 127.0.0.1) and refuse actions sent to http://localhost.
    if (request.headers.host) request.headers["x-forwarded-host"] = request.headers.host;
    void handle(request, response);
  })
  .listen(port, hostname, () => {
    console.log(`Twofold is running at http://localhost:${port} (${dev ? "development" : "production"})`);
  });
