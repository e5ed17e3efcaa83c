// The id Next gave a server action in the production build (for scripts that call an
// action over HTTP the way a browser does: the Playwright suite and the benchmarks).
import fs from "node:fs";
import path from "node:path";

const manifestPath = path.resolve(import.meta.dirname, "../.next/server/server-reference-manifest.json");

export function serverActionId(filename: string, exportedName: string): string {
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const entry = Object.entries(manifest.node).find(([, e]) => e.filename === filename && e.exportedName === exportedName);
  if (!entry) throw new Error(`No server action ${exportedName} in ${filename}: run npm run build`);
  return entry[0];
}
