import fs from "node:fs";
import path from "node:path";

/**
 * Loads the project's env files into process.env for command-line tools, with the same
 * precedence as Next.js (real environment first, then .env.local, then .env).
 */
export function loadProjectEnv(dir: string = process.cwd()) {
  for (const name of [".env.local", ".env"]) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) process.loadEnvFile(file);
  }
}
