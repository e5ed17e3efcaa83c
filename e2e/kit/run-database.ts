// The one database a local e2e run may reset: created by this run, under a fresh temporary
// directory whose marker file names it. scripts/e2e-server.sh checks the marker before it
// migrates and seeds, and the teardown removes only what the marker names. Plain Node.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const MARKER = "twofold-e2e-run";

export interface RunDatabase {
  /** The temporary directory this run made; holds the marker (and the SQLite file). */
  dir: string;
  url: string;
}

const REFUSED_VARIABLES = ["E2E_DATABASE_FILE", "E2E_PG_DATABASE"] as const;

/**
 * This run's database: made on first call (the runner loads the config once, each worker
 * again, with the runner's environment), the same one afterwards. A database named from
 * outside is refused: the kit never resets what it did not create.
 */
export function claimRunDatabase(kind: "sqlite" | { postgresServerUrl: string }): RunDatabase {
  for (const name of REFUSED_VARIABLES) {
    if (process.env[name]) {
      throw new Error(
        `Refusing ${name}=${process.env[name]}: the e2e suite resets its database, so it only uses one it creates itself ` +
          "in this run (a fresh temporary file, or a PostgreSQL database with a random name). Unset it; to run the flows " +
          "against a server of your own, set BASE_URL instead (e2e/README.md).",
      );
    }
  }
  const existing = process.env.E2E_RUN_DIR;
  if (existing) {
    const marker = readMarker(existing);
    if (!marker || marker.token !== process.env.E2E_RUN_TOKEN) {
      throw new Error(`Refusing E2E_RUN_DIR=${existing}: it is not a directory this e2e run created. Unset it.`);
    }
    return { dir: existing, url: marker.database };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twofold-e2e-"));
  let url: string;
  if (kind === "sqlite") {
    url = `file:${path.join(dir, "e2e.db")}`;
  } else {
    const server = new URL(kind.postgresServerUrl);
    server.pathname = `/twofold_e2e_${crypto.randomBytes(6).toString("hex")}`;
    url = server.toString();
  }
  const token = crypto.randomBytes(16).toString("hex");
  fs.writeFileSync(path.join(dir, MARKER), `token=${token}\ndatabase=${url}\n`, { flag: "wx" });
  process.env.E2E_RUN_DIR = dir;
  process.env.E2E_RUN_TOKEN = token;
  // The teardown removes it after a run; this covers runs that never get there (--list, a
  // failed start, Ctrl-C). The directory is this run's own, made just above.
  process.on("exit", () => {
    if (!process.env.E2E_KEEP_DATABASE) fs.rmSync(dir, { recursive: true, force: true });
  });
  return { dir, url };
}

export function readMarker(dir: string): { token: string; database: string } | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, MARKER), "utf8");
  } catch {
    return null;
  }
  const field = (name: string) => text.match(new RegExp(`^${name}=(.+)$`, "m"))?.[1];
  const token = field("token");
  const database = field("database");
  return token && database ? { token, database } : null;
}
