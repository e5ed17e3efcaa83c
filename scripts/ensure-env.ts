// Creates the secrets a first run needs, in the git-ignored .env.local, and says so.
// Existing values (in the environment or the file) are never replaced.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { missingSecrets, type RequiredSecret } from "../lib/env";
import { loadProjectEnv } from "./load-env";

const FILE = path.join(process.cwd(), ".env.local");

const GENERATORS: Record<RequiredSecret, () => string> = {
  AUTH_SECRET: () => crypto.randomBytes(32).toString("base64"),
  TWOFOLD_ENCRYPTION_KEY: () => `k1:${crypto.randomBytes(32).toString("base64")}`,
};

loadProjectEnv();
const missing = missingSecrets();
if (missing.length === 0) {
  console.log("Secrets: AUTH_SECRET and TWOFOLD_ENCRYPTION_KEY are set.");
} else {
  const lines = missing.map((name) => `${name}=${GENERATORS[name]()}`);
  const before = fs.existsSync(FILE) ? fs.readFileSync(FILE, "utf8") : "";
  const separator = before && !before.endsWith("\n") ? "\n" : "";
  fs.writeFileSync(FILE, `${before}${separator}${lines.join("\n")}\n`, { mode: 0o600 });
  console.log(
    `Secrets: created ${missing.join(" and ")} in .env.local (git-ignored). Keep that file private and ` +
      "back it up: without TWOFOLD_ENCRYPTION_KEY, every enrolled user would have to set up 2FA again.",
  );
}
