// `prisma generate` needs no schema engine, but the Prisma CLI insists on finding one
// before every command and tries to download it. Point it at any executable instead.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const env = { ...process.env };
const configured = env.PRISMA_SCHEMA_ENGINE_BINARY;
if (!configured || !fs.existsSync(configured)) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;

const result = spawnSync("prisma", ["generate", "--schema", "prisma/schema.prisma"], {
  stdio: "inherit",
  env: { ...env, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  shell: process.platform === "win32",
});
process.exit(result.status ?? 1);
