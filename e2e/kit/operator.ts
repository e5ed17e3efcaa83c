// The fixtures' one door to the operator commands (`npm run twofold -- …`), run in-process:
// the same function as the CLI, without a process start per user. Plain Node; local runs
// only (against a remote BASE_URL the kit has no database, and refuses).
import { PassThrough, Readable } from "node:stream";
import { createDb } from "@/lib/db";

export class OperatorCommandError extends Error {}

/**
 * Runs one command with `--json` and returns its one line of JSON output (or null for a
 * command that prints none); `stdin` is the password line for commands that read one;
 * `databaseUrl` another database than the run's (the fault test's own server).
 */
export async function operator<T = unknown>(argv: string[], options: { stdin?: string; databaseUrl?: string } = {}): Promise<T | null> {
  if (process.env.BASE_URL) throw new OperatorCommandError("Operator commands need the local database: this run targets BASE_URL.");
  // Loaded on first use, in a worker (whose NODE_OPTIONS resolve "server-only" as the CLI
  // does, e2e/kit/config-base.ts), never while the runner only lists the tests.
  const { operatorIdentity, runOperatorCommand } = await import("../../scripts/operator-command");
  const io = {
    argv,
    stdin: Readable.from(options.stdin === undefined ? [] : [`${options.stdin}\n`]),
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    openDb: () => createDb(options.databaseUrl ?? process.env.DATABASE_URL),
    operator: () => operatorIdentity(),
    now: () => new Date(),
  };
  const out: string[] = [];
  const err: string[] = [];
  io.stdout.on("data", (chunk: Buffer) => out.push(chunk.toString("utf8")));
  io.stderr.on("data", (chunk: Buffer) => err.push(chunk.toString("utf8")));
  const code = await runOperatorCommand(io);
  if (code !== 0) throw new OperatorCommandError(`twofold ${argv.join(" ")} failed (exit ${code}): ${err.join("").trim()}`);
  const line = out.join("").trim().split("\n").at(-1);
  return argv.includes("--json") && line ? (JSON.parse(line) as T) : null;
}

export interface CreatedUser {
  id: string;
  email: string;
  role: string;
  twoFactorStatus: string;
  twoFactorDueAt: string | null;
}

const reason = "e2e kit";

export const operatorCommands = {
  createOrganisation: (o: { slug: string; name: string; adminEmail: string; adminName: string; password: string }) =>
    operator<{ organisation: { id: string; slug: string; name: string }; admin: { id: string; email: string } }>(
      ["org", "create", "--slug", o.slug, "--name", o.name, "--admin-email", o.adminEmail, "--admin-name", o.adminName, "--json"],
      { stdin: o.password },
    ).then((result) => result!),
  setPolicy: (slug: string, policy: { loginMethod?: "two-factor" | "standard"; requireTwoFactor?: boolean; graceDays?: number }) =>
    operator([
      "org",
      "policy",
      "--org",
      slug,
      ...(policy.loginMethod ? ["--login-method", policy.loginMethod] : []),
      ...(policy.requireTwoFactor === undefined ? [] : ["--require-2fa", policy.requireTwoFactor ? "on" : "off"]),
      ...(policy.graceDays === undefined ? [] : ["--grace-days", String(policy.graceDays)]),
      "--reason",
      reason,
      "--json",
    ]),
  deleteOrganisation: (slug: string) => operator(["org", "delete", "--org", slug, "--reason", reason, "--yes"]),
  createUser: (o: { org: string; email: string; name: string; role: "member" | "admin"; password: string }) =>
    operator<CreatedUser>(["users", "create", "--org", o.org, "--email", o.email, "--name", o.name, "--role", o.role, "--json"], {
      stdin: o.password,
    }).then((result) => result!),
  deleteUser: (org: string, email: string) => operator(["users", "delete", "--org", org, "--email", email, "--reason", reason, "--yes"]),
  /** `until`: an ISO time, "now", or a step like "+30m", "+2h", "+3d", "-1m". */
  moveGrace: (org: string, email: string, until: string) =>
    operator(["users", "grace", "--org", org, "--email", email, "--until", until, "--reason", reason, "--json"]),
  expireLock: (org: string, email: string) => operator(["users", "expire-lock", "--org", org, "--email", email, "--reason", reason, "--json"]),
};
