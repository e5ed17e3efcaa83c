// Operator commands, run on a machine with the app's DATABASE_URL (plain Node, not the app):
//   npm run twofold -- access-list disable --org <slug> --reason "<why>" [--yes]   break-glass
//   npm run twofold -- access-list show --org <slug>
//   npm run twofold -- org create|delete|policy …, users create|delete|grace|expire-lock …
//   npm run twofold -- mail status, keys rotate|status
// See scripts/operator-command.ts for the usage text and exit codes.
import { loadProjectEnv } from "./load-env";

loadProjectEnv();
// Imported after the env files are loaded: lib/db opens its default client on import.
const { createDb } = await import("../lib/db");
const { operatorIdentity, runOperatorCommand } = await import("./operator-command");

runOperatorCommand({
  argv: process.argv.slice(2),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  openDb: () => createDb(),
  operator: () => operatorIdentity(),
  now: () => new Date(),
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // runOperatorCommand reports its own failures; this is for the unforeseen, still without a stack trace.
    console.error(`Failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
