// Operator commands (plain Node, run by scripts/twofold.ts): argument parsing, the plan shown
// before the break-glass, and the command itself with its streams and database passed in.
import os from "node:os";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { Db } from "../lib/db";
import {
  disableAccessListAsOperator,
  loadAccessList,
  loadAccessListForOperator,
  type OperatorAccessListView,
  type OperatorIdentity,
} from "../lib/access-list/manage-access-list";
import { accessListDisableArgsSchema, accessListShowArgsSchema } from "../lib/validations/operator";

export const USAGE = `Usage:
  npm run twofold -- access-list disable --org <slug> --reason "<why>" [--yes]
  npm run twofold -- access-list show --org <slug>

  disable   Break-glass: switch the organisation's Access List off (its entries are kept).
            Shows what changes and asks you to type the slug to confirm; --yes confirms
            without asking (for scripts). The reason and who ran it are audited.
  show      Print the Access List's switch and entries.

Exit codes: 0 done, 1 not done (unknown organisation, not confirmed, failure), 2 bad usage
or no terminal to confirm on without --yes.`;

export const EXIT = { ok: 0, notDone: 1, usage: 2 } as const;

export type OperatorCommand = { kind: "help" } | { kind: "show"; org: string } | { kind: "disable"; org: string; reason: string; yes: boolean };

export type ParsedArgs = { ok: true; command: OperatorCommand } | { ok: false; message: string };

/** Reads the command line; every mistake becomes one clear sentence (the caller adds the usage). */
export function parseOperatorArgs(argv: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        org: { type: "string", multiple: true },
        reason: { type: "string", multiple: true },
        yes: { type: "boolean", short: "y" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    // Node's own sentences ("Unknown option '--x'.") carry hints meant for another CLI style: keep the first.
    return { ok: false, message: `${firstLine(error).split(/\.\s/)[0]!.replace(/\.$/, "")}.` };
  }
  const { positionals, values } = parsed;
  if (values.help) return { ok: true, command: { kind: "help" } };
  const [area, command, ...extra] = positionals;
  if (area !== "access-list") return { ok: false, message: area ? `Unknown command "${area}".` : "Name a command." };
  if (command !== "disable" && command !== "show") {
    return { ok: false, message: command ? `Unknown access-list command "${command}".` : "Name an access-list command: disable or show." };
  }
  if (extra.length) return { ok: false, message: `Unexpected argument "${extra[0]}".` };
  for (const name of ["org", "reason"] as const) {
    if ((values[name]?.length ?? 0) > 1) return { ok: false, message: `Give --${name} once.` };
  }
  const org = values.org?.[0];
  if (command === "show") {
    if (values.reason || values.yes) return { ok: false, message: "--reason and --yes are for disable only." };
    const args = accessListShowArgsSchema.safeParse({ org: org ?? "" });
    return args.success ? { ok: true, command: { kind: "show", ...args.data } } : { ok: false, message: firstIssue(args.error) };
  }
  const args = accessListDisableArgsSchema.safeParse({ org: org ?? "", reason: values.reason?.[0], yes: values.yes ?? false });
  return args.success ? { ok: true, command: { kind: "disable", ...args.data } } : { ok: false, message: firstIssue(args.error) };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim().split("\n")[0] ?? "";
}

/** An unexpected failure in one line: Prisma's messages end with the cause, after a source excerpt. */
export function describeFailure(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error)).split("\n").map((line) => line.trim());
  return lines.filter(Boolean).at(-1) ?? "unknown error";
}

function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? "Invalid arguments.";
}

/** The OS account and machine running the command; never fails (a uid without a passwd entry has no name). */
export function operatorIdentity(env: Record<string, string | undefined> = process.env): OperatorIdentity {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    user = `uid ${process.getuid?.() ?? "unknown"}`;
  }
  // Under sudo the OS user is root; who called sudo is worth keeping (it comes from the environment).
  const sudoUser = env.SUDO_USER?.trim();
  return { user, host: os.hostname(), ...(sudoUser && sudoUser !== user ? { sudoUser } : {}) };
}

const entries = (n: number) => `${n} ${n === 1 ? "entry" : "entries"}`;

/** What the break-glass will do, in the words the operator confirms. */
export function describeDisablePlan(options: { organisation: OperatorAccessListView; reason: string; operator: OperatorIdentity }): string[] {
  const { organisation, reason, operator } = options;
  const who = `${operator.user}@${operator.host}${operator.sudoUser ? ` (via sudo by ${operator.sudoUser})` : ""}`;
  if (!organisation.enabled) {
    return [
      `The Access List of ${organisation.name} (${organisation.slug}) is already OFF (${entries(organisation.entryCount)}). Nothing to change.`,
    ];
  }
  return [
    `Break-glass: switch OFF the Access List of ${organisation.name} (${organisation.slug}).`,
    `  Now:      ON, ${entries(organisation.entryCount)}.`,
    `  After:    OFF. The ${entries(organisation.entryCount)} stay saved, but sign-ins and open sessions from`,
    `            addresses NOT on the list are allowed again, on every instance within seconds.`,
    `  Reason:   ${reason}`,
    `  Audited:  access_list.disabled_by_operator, by ${who}`,
  ];
}

/** The typed answer confirms only if it is the organisation's slug (surrounding spaces aside). */
export function confirmsSlug(answer: string | null, slug: string): boolean {
  return answer !== null && answer.trim() === slug;
}

export interface OperatorIo {
  argv: string[];
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  openDb: () => Db;
  operator: () => OperatorIdentity;
  now: () => Date;
}

/** Runs one operator command; returns the process exit code. */
export async function runOperatorCommand(io: OperatorIo): Promise<number> {
  const say = (line: string) => io.stdout.write(`${line}\n`);
  const complain = (line: string) => io.stderr.write(`${line}\n`);
  const parsed = parseOperatorArgs(io.argv);
  if (!parsed.ok) {
    complain(`${parsed.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const command = parsed.command;
  if (command.kind === "help") {
    say(USAGE);
    return EXIT.ok;
  }

  const db = io.openDb();
  try {
    return await runWithDb(db, command, io, say, complain);
  } catch (error) {
    complain(`Failed: ${describeFailure(error)}`);
    return EXIT.notDone;
  } finally {
    await db.$disconnect().catch(() => {});
  }
}

type Say = (line: string) => void;

async function runWithDb(db: Db, command: Exclude<OperatorCommand, { kind: "help" }>, io: OperatorIo, say: Say, complain: Say): Promise<number> {
  const organisation = await loadAccessListForOperator(db, command.org);
  if (!organisation) {
    complain(`No organisation with the slug "${command.org}". Nothing was changed.`);
    return EXIT.notDone;
  }
  if (command.kind === "show") {
    const list = await loadAccessList(db, organisation.id);
    say(`${organisation.name}: Access List ${list.enabled ? "ON" : "OFF"}, ${entries(list.entries.length)}`);
    for (const entry of list.entries) say(`  ${entry.cidr.padEnd(40)} ${entry.description}`);
    return EXIT.ok;
  }

  const operator = io.operator();
  describeDisablePlan({ organisation, reason: command.reason, operator }).forEach(say);
  if (!organisation.enabled) return EXIT.ok;
  if (command.yes) {
    say("Confirmed with --yes.");
  } else if (!io.stdin.isTTY) {
    complain("Not confirmed: there is no terminal to ask on. Run it in a terminal, or add --yes to confirm from a script. Nothing was changed.");
    return EXIT.usage;
  } else if (!confirmsSlug(await ask(`Type the organisation slug (${organisation.slug}) to confirm: `, io), organisation.slug)) {
    complain("Not confirmed: the answer was not the organisation's slug. Nothing was changed.");
    return EXIT.notDone;
  }

  const result = await disableAccessListAsOperator({ db, organisationSlug: organisation.slug, operator, reason: command.reason, now: io.now() });
  if (!result) {
    complain(`The organisation "${organisation.slug}" no longer exists. Nothing was changed.`);
    return EXIT.notDone;
  }
  if (!result.changed) {
    say(`The Access List of ${organisation.name} was switched off meanwhile. Nothing changed.`);
    return EXIT.ok;
  }
  say(`Access List of ${organisation.name} is now OFF (audited as access_list.disabled_by_operator).`);
  say("Every instance lets its users in again within a few seconds.");
  return EXIT.ok;
}

/** One line from the terminal, or null when it closes first (Ctrl-D). */
function ask(question: string, io: OperatorIo): Promise<string | null> {
  return new Promise((resolve) => {
    // terminal: false leaves echo and line editing to the terminal itself (Ctrl-C stays a plain SIGINT).
    const rl = readline.createInterface({ input: io.stdin, terminal: false });
    let answer: string | null = null;
    rl.once("line", (line) => {
      answer = line;
      rl.close();
    });
    rl.once("close", () => resolve(answer));
    io.stdout.write(question);
  });
}
