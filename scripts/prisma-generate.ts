// `prisma generate` needs no schema engine, but the Prisma CLI insists on finding one
// before every command and tries to download it. Point it at any executable instead.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const env = { ...process.env };
const configured = env.PRISMA_SCHEMA_ENGINE_BINARY;
if (!configured || !fs.existsSync(configured)) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;

// One client per database kind: a generated client is bound to its provider.
for (const schema of ["prisma/schema.prisma", "prisma/postgresql/schema.prisma"]) {
  const result = spawnSync("prisma", ["generate", "--schema", schema], {
    stdio: "inherit",
    env: { ...env, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    shell: process.platform === "win32",
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
