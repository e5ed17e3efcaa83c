// An empty App Router page built with this project's Next.js in a temporary folder and
// served by `next start`: the baseline the page benchmarks compare Twofold with.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./server-process";

/** `dynamic`: rendered on every request (as any page behind a session is), not served prerendered. */
export async function emptyNextPage(port: number, options: { dynamic?: boolean } = {}): Promise<{ url: string; stop: () => void }> {
  // Inside the project, so the empty app resolves this project's node_modules (git-ignored).
  const dir = fs.mkdtempSync(path.join(ROOT, ".bench-empty-next-"));
  fs.mkdirSync(path.join(dir, "app"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "empty", private: true, type: "module" }));
  fs.writeFileSync(path.join(dir, "next.config.js"), "export default { compress: false };\n");
  fs.writeFileSync(
    path.join(dir, "app", "layout.tsx"),
    'export default function Layout({ children }: { children: React.ReactNode }) {\n  return (<html lang="en"><body>{children}</body></html>);\n}\n',
  );
  fs.writeFileSync(
    path.join(dir, "app", "page.tsx"),
    `${options.dynamic ? 'export const dynamic = "force-dynamic";\n' : ""}export default function Page() {\n  return <p>Hello</p>;\n}\n`,
  );
  const next = path.join(ROOT, "node_modules", ".bin", "next");
  execFileSync(next, ["build"], { cwd: dir, stdio: "ignore", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  const child = spawn(next, ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: dir,
    stdio: "ignore",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    url,
    stop: () => {
      child.kill("SIGTERM");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
