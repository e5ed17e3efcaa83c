// DESIGN §5: the login page's first-load JavaScript within 1.25x of an empty Next.js page's.
// Builds an empty App Router page with the same Next.js in a temporary folder, serves both,
// and adds up the scripts each page's HTML loads (raw and gzipped bytes).
//   npm run bench:first-load
import zlib from "node:zlib";
import { emptyNextPage } from "./empty-next-page";
import { benchSecrets, startServer } from "./server-process";
import { freshDatabase, numberArg } from "./support";

const port = numberArg("port", 3250);

async function scriptBytes(pageUrl: string): Promise<{ raw: number; gzip: number; count: number }> {
  const html = await (await fetch(pageUrl)).text();
  const sources = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!);
  let raw = 0;
  let gzip = 0;
  for (const src of new Set(sources)) {
    const body = Buffer.from(await (await fetch(new URL(src, pageUrl))).arrayBuffer());
    raw += body.length;
    gzip += zlib.gzipSync(body, { level: 9 }).length;
  }
  // Inline scripts (the RSC payload) are part of what the browser parses too.
  const inline = [...html.matchAll(/<script(?![^>]*src=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join("");
  return { raw: raw + inline.length, gzip: gzip + zlib.gzipSync(inline).length, count: new Set(sources).size };
}

const context = await freshDatabase("sqlite", 0);
const server = await startServer({ databaseUrl: context.url, port, secrets: benchSecrets() });
const empty = await emptyNextPage(port + 1);
try {
  const login = await scriptBytes(`${server.url}/login`);
  const baseline = await scriptBytes(empty.url);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(
    `first-load-js  /login: ${kb(login.gzip)} gzipped (${kb(login.raw)} raw, ${login.count} scripts)   ` +
      `empty Next.js page: ${kb(baseline.gzip)} gzipped (${kb(baseline.raw)} raw, ${baseline.count} scripts)   ` +
      `ratio ${(login.gzip / baseline.gzip).toFixed(2)}x gzipped, ${(login.raw / baseline.raw).toFixed(2)}x raw (target <= 1.25x)`,
  );
} finally {
  empty.stop();
  await server.stop();
  await context.dispose();
}
