// Operator commands (plain Node, run by scripts/twofold.ts): argument parsing, the plans shown
// before destructive changes, and the commands themselves with their streams and database passed in.
import os from "node:os";
import readline from "node:readline";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { Db } from "../lib/db";
import type { OperatorIdentity } from "../lib/audit";
import {
  disableAccessListAsOperator,
  loadAccessList,
  loadAccessListForOperator,
  type OperatorAccessListView,
} from "../lib/access-list/manage-access-list";
import { createUserWithPassword } from "../lib/admin/add-user";
import { loadOrganisationSettings } from "../lib/admin/organisation-settings";
import { removeUsers } from "../lib/admin/remove-users";
import { setLoginMethod } from "../lib/admin/set-login-method";
import { setTwoFactorPolicy } from "../lib/admin/two-factor-policy";
import {
  createOrganisation,
  deleteOrganisation,
  findOrganisationBySlug,
  loadOrganisationOverview,
  type OrganisationOverview,
} from "../lib/operator/organisations";
import { expireLocks, findOrganisationUser, moveGraceDeadline, type OrganisationUser } from "../lib/operator/user-time-control";
import {
  accessListDisableArgsSchema,
  accessListShowArgsSchema,
  operatorPasswordSchema,
  orgCreateArgsSchema,
  orgDeleteArgsSchema,
  orgPolicyArgsSchema,
  resolveUntil,
  usersCreateArgsSchema,
  usersDeleteArgsSchema,
  usersExpireLockArgsSchema,
  usersGraceArgsSchema,
  mailStatusArgsSchema,
  keysRotateArgsSchema,
  keysStatusArgsSchema,
} from "../lib/validations/operator";
import { mailStatus } from "../lib/mail/status";
import { keyringFromEnv, type Keyring } from "../lib/crypto";
import { DEFAULT_ROTATION_BATCH, keyStatus, rotateSealedValues, type KeyStatus, type UnreadableValue } from "../lib/operator/key-rotation";

export const USAGE = `Usage:
  npm run twofold -- access-list disable --org <slug> --reason "<why>" [--yes]
  npm run twofold -- access-list show --org <slug>
  npm run twofold -- org create --slug <slug> --name "<name>" --admin-email <email> [--admin-name "<name>"] [--json]
  npm run twofold -- org delete --org <slug> --reason "<why>" [--yes]
  npm run twofold -- org policy --org <slug> [--login-method two-factor|standard] [--require-2fa on|off]
                                [--grace-days N] --reason "<why>" [--json]
  npm run twofold -- users create --org <slug> --email <email> [--name "<name>"] [--role member|admin] [--json]
  npm run twofold -- users delete --org <slug> --email <email> --reason "<why>" [--yes]
  npm run twofold -- users grace --org <slug> --email <email> --until <when> --reason "<why>" [--json]
  npm run twofold -- users expire-lock --org <slug> --email <email> --reason "<why>" [--json]
  npm run twofold -- mail status [--json]
  npm run twofold -- keys rotate [--batch-size N] [--json]
  npm run twofold -- keys status [--json]

  access-list disable  Break-glass: switch the organisation's Access List off (its entries are kept).
  access-list show     Print the Access List's switch and entries.
  org create           A new organisation (Standard login, no 2FA policy, Access List off) and its
                       first admin. The admin's password is the first line of stdin.
  org delete           Delete an organisation with its users, sessions, Access List and audit log.
  org policy           Change the login method and the "Require 2FA for all users" policy, as an
                       admin would on Admin > Login and 2FA (the policy reaches users the same way).
  users create         Add a user under the organisation's 2FA policy, as the admin's Add user does.
                       The password is the first line of stdin (8 to 128 characters).
  users delete         Remove a user with their sessions and backup codes. Refuses the last admin.
  users grace          Move a Required user's grace deadline (twoFactorDueAt). <when> is now, +30m,
                       +2h, +3d, -1m (write --until=-1m) or an ISO-8601 time with its zone; now or
                       a past time ends the grace period.
  users expire-lock    End the user's 2FA lock and password sign-in backoff now, as if their time had
                       passed (failure counters are kept). The lock after 10 failures is not timed:
                       an admin's Unlock ends it.
  mail status          Count the outbox's emails: queued (and how many of those are waiting to be
                       retried), sent and failed, with the last error and the oldest queued email.
  keys rotate          Re-encrypt every stored secret (authenticator secrets, email link tokens) that
                       uses an older key with the current TWOFOLD_ENCRYPTION_KEY, reading the older
                       ones from TWOFOLD_ENCRYPTION_KEYS_PREVIOUS; N rows a batch (default ${DEFAULT_ROTATION_BATCH}).
                       Safe while Twofold runs, and to run again: it continues where it stopped.
                       Values it cannot open are listed by row id and left as they are.
  keys status          Count the stored secrets per key id, and say whether
                       TWOFOLD_ENCRYPTION_KEYS_PREVIOUS can be emptied.

  Deletes and disable show what changes and ask you to type the slug (or the user's email) to
  confirm; --yes confirms without asking (for scripts). Every change is audited with who ran it
  (OS user and host) and the reason (keys rotate: the counts). Passwords are never taken from the
  command line.
  --json prints the result as one line of JSON.

Exit codes: 0 done, 1 not done (unknown organisation or user, refused, not confirmed, failure,
a stored secret that could not be re-encrypted), 2 bad usage or no terminal to confirm on without --yes.`;

export const EXIT = { ok: 0, notDone: 1, usage: 2 } as const;

/** Each flag, and the argument name its schema reads it as. */
const FLAGS = {
  org: "org",
  reason: "reason",
  yes: "yes",
  json: "json",
  slug: "slug",
  name: "name",
  "admin-email": "adminEmail",
  "admin-name": "adminName",
  "login-method": "loginMethod",
  "require-2fa": "requireTwoFactor",
  "grace-days": "graceDays",
  email: "email",
  role: "role",
  until: "until",
  "batch-size": "batchSize",
} as const;
type Flag = keyof typeof FLAGS;
const BOOLEAN_FLAGS = new Set<Flag>(["yes", "json"]);

const COMMANDS = {
  "access-list disable": { flags: ["org", "reason", "yes"], schema: accessListDisableArgsSchema },
  "access-list show": { flags: ["org"], schema: accessListShowArgsSchema },
  "org create": { flags: ["slug", "name", "admin-email", "admin-name", "json"], schema: orgCreateArgsSchema },
  "org delete": { flags: ["org", "reason", "yes"], schema: orgDeleteArgsSchema },
  "org policy": { flags: ["org", "login-method", "require-2fa", "grace-days", "reason", "json"], schema: orgPolicyArgsSchema },
  "users create": { flags: ["org", "email", "name", "role", "json"], schema: usersCreateArgsSchema },
  "users delete": { flags: ["org", "email", "reason", "yes"], schema: usersDeleteArgsSchema },
  "users grace": { flags: ["org", "email", "until", "reason", "json"], schema: usersGraceArgsSchema },
  "users expire-lock": { flags: ["org", "email", "reason", "json"], schema: usersExpireLockArgsSchema },
  "mail status": { flags: ["json"], schema: mailStatusArgsSchema },
  "keys rotate": { flags: ["batch-size", "json"], schema: keysRotateArgsSchema },
  "keys status": { flags: ["json"], schema: keysStatusArgsSchema },
} as const satisfies Record<string, { flags: readonly Flag[]; schema: z.ZodType }>;

type CommandName = keyof typeof COMMANDS;

export type OperatorCommand = { kind: "help" } | { [K in CommandName]: { kind: K } & z.output<(typeof COMMANDS)[K]["schema"]> }[CommandName];

export type ParsedArgs = { ok: true; command: OperatorCommand } | { ok: false; message: string };

const AREAS = [...new Set(Object.keys(COMMANDS).map((name) => name.split(" ")[0]!))];

// "an org", "an access-list", "a users" (a u that sounds like "you").
const article = (word: string) => (/^[aeio]/.test(word) ? "an" : "a");

/**
 * `--until -1m`: a value that starts with a minus would read as an option, so a flag's value that
 * looks like a negative offset is joined to it (`--until=-1m`) before parsing.
 */
function joinNegativeValues(argv: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const flag = arg.startsWith("--") ? (arg.slice(2) as Flag) : null;
    if (flag && flag in FLAGS && !BOOLEAN_FLAGS.has(flag) && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/** Reads the command line; every mistake becomes one clear sentence (the caller adds the usage). */
export function parseOperatorArgs(argv: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv),
      allowPositionals: true,
      strict: true,
      options: {
        ...(Object.fromEntries(
          Object.keys(FLAGS).map((flag) => [flag, BOOLEAN_FLAGS.has(flag as Flag) ? { type: "boolean" } : { type: "string", multiple: true }]),
        ) as Record<Flag, { type: "string"; multiple: true }>),
        yes: { type: "boolean", short: "y" },
        json: { type: "boolean" },
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
  if (!area) return { ok: false, message: "Name a command." };
  if (!AREAS.includes(area)) return { ok: false, message: `Unknown command "${area}".` };
  const names = Object.keys(COMMANDS)
    .filter((name) => name.startsWith(`${area} `))
    .map((name) => name.slice(area.length + 1));
  if (!command || !names.includes(command)) {
    return {
      ok: false,
      message: command
        ? `Unknown ${area} command "${command}".`
        : `Name ${article(area)} ${area} command: ${names.slice(0, -1).join(", ")} or ${names.at(-1)}.`,
    };
  }
  if (extra.length) return { ok: false, message: `Unexpected argument "${extra[0]}".` };
  const kind = `${area} ${command}` as CommandName;
  const { flags, schema } = COMMANDS[kind];
  const args: Record<string, unknown> = {};
  for (const flag of Object.keys(FLAGS) as Flag[]) {
    const value = (values as Record<string, string[] | boolean | undefined>)[flag];
    if (value === undefined) continue;
    if (!(flags as readonly Flag[]).includes(flag)) return { ok: false, message: `--${flag} is not an option of ${kind}.` };
    if (Array.isArray(value) && value.length > 1) return { ok: false, message: `Give --${flag} once.` };
    args[FLAGS[flag]] = Array.isArray(value) ? value[0] : value;
  }
  // A missing --org reads as empty, so its message names the flag.
  if ((flags as readonly Flag[]).includes("org")) args.org ??= "";
  const result = schema.safeParse(args);
  return result.success ? { ok: true, command: { kind, ...result.data } as OperatorCommand } : { ok: false, message: firstIssue(result.error) };
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
  const who = describeOperator(operator);
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
  /** The app's keyring (TWOFOLD_ENCRYPTION_KEY and _PREVIOUS; from process.env when not given); throws a sentence when missing or malformed. */
  keyring?: () => Keyring;
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
  // Read before the database opens: a missing or short password is a usage mistake, and nothing is touched.
  let password: string | null = null;
  if (command.kind === "org create" || command.kind === "users create") {
    const email = command.kind === "org create" ? command.adminEmail : command.email;
    const checked = operatorPasswordSchema(email).safeParse((await readPassword(io, `Password for ${email} (not shown): `)) ?? "");
    if (!checked.success) {
      complain(`${firstIssue(checked.error)} Nothing was changed.`);
      return EXIT.usage;
    }
    password = checked.data;
  }

  const db = io.openDb();
  try {
    return await runWithDb({ db, command, password, io, say, complain });
  } catch (error) {
    complain(`Failed: ${describeFailure(error)}`);
    return EXIT.notDone;
  } finally {
    await db.$disconnect().catch(() => {});
  }
}

type Say = (line: string) => void;
type Command = Exclude<OperatorCommand, { kind: "help" }>;
type Of<K extends Command["kind"]> = Extract<Command, { kind: K }>;

interface Run<C extends Command = Command> {
  db: Db;
  command: C;
  password: string | null;
  io: OperatorIo;
  say: Say;
  complain: Say;
}

function runWithDb(run: Run): Promise<number> {
  const { command } = run;
  // One case per command, so each handler sees its own arguments' type.
  switch (command.kind) {
    case "access-list disable":
    case "access-list show":
      return accessListCommand({ ...run, command });
    case "org create":
      return orgCreate({ ...run, command });
    case "org delete":
      return orgDelete({ ...run, command });
    case "org policy":
      return orgPolicy({ ...run, command });
    case "users create":
      return usersCreate({ ...run, command });
    case "users delete":
      return usersDelete({ ...run, command });
    case "users grace":
    case "users expire-lock":
      return userTimeControl({ ...run, command });
    case "mail status":
      return mailStatusCommand({ ...run, command });
    case "keys rotate":
    case "keys status":
      return keysCommand({ ...run, command });
  }
}

const values = (n: number) => `${n} ${n === 1 ? "value" : "values"}`;

function describeUnreadable(value: UnreadableValue): string {
  const why =
    value.reason === "unknown-key"
      ? `its key id "${value.keyId}" is in neither TWOFOLD_ENCRYPTION_KEY nor TWOFOLD_ENCRYPTION_KEYS_PREVIOUS`
      : "it does not open with its key (altered, or not a sealed value)";
  return `  ${value.column} of row ${value.id}: ${why}`;
}

function sayKeyStatus(say: Say, status: KeyStatus) {
  say(`Current key: ${status.currentKeyId}; previous keys: ${status.previousKeyIds.length ? status.previousKeyIds.join(", ") : "none"}.`);
  for (const column of status.columns) {
    const older = Object.entries(column.older).map(([keyId, n]) => `${keyId}: ${n}`);
    say(
      `  ${column.column.padEnd(25)} ${status.currentKeyId} (current): ${column.current}` +
        `${older.length ? `, ${older.join(", ")}` : ""}${column.malformed ? `, not sealed values: ${column.malformed}` : ""}`,
    );
  }
  const older = status.columns.reduce((sum, c) => sum + Object.values(c.older).reduce((a, b) => a + b, 0), 0);
  const unknown = [...new Set(status.columns.flatMap((c) => Object.keys(c.older)))].filter((id) => !status.previousKeyIds.includes(id));
  if (status.previousKeysUnused) {
    say(
      status.previousKeyIds.length
        ? "No value uses an older key: TWOFOLD_ENCRYPTION_KEYS_PREVIOUS can now be emptied (on every instance)."
        : "No value uses an older key, and TWOFOLD_ENCRYPTION_KEYS_PREVIOUS is empty.",
    );
  } else {
    say(`${values(older)} still use an older key: keep TWOFOLD_ENCRYPTION_KEYS_PREVIOUS, and run \`npm run twofold -- keys rotate\`.`);
  }
  if (unknown.length) say(`Key ids in use that this keyring does not know (those values cannot be opened): ${unknown.join(", ")}.`);
}

async function keysCommand({ db, command, io, say, complain }: Run<Of<"keys rotate"> | Of<"keys status">>): Promise<number> {
  let keyring: Keyring;
  try {
    keyring = (io.keyring ?? keyringFromEnv)();
  } catch (error) {
    complain(`${describeFailure(error)}. Nothing was changed.`);
    return EXIT.notDone;
  }
  if (command.kind === "keys status") {
    const status = await keyStatus({ db, keyring });
    if (command.json) printJson(say, status);
    else sayKeyStatus(say, status);
    return EXIT.ok;
  }
  const result = await rotateSealedValues({ db, keyring, operator: io.operator(), batchSize: command.batchSize, now: io.now() });
  const done = result.unreadable.length === 0 && result.busy === 0;
  if (command.json) {
    printJson(say, { ...result, status: await keyStatus({ db, keyring }) });
    return done ? EXIT.ok : EXIT.notDone;
  }
  say(
    `Re-encrypted ${values(result.resealed)} with the key ${result.currentKeyId} (${result.batches} ${result.batches === 1 ? "batch" : "batches"}):`,
  );
  for (const column of result.columns) say(`  ${column.column.padEnd(25)} ${column.resealed}`);
  if (result.resealed) say("Audited as keys.rotated in each organisation concerned.");
  if (result.unreadable.length) {
    complain(`Could not open ${values(result.unreadable.length)}; they were left as they are:`);
    result.unreadable.forEach((value) => complain(describeUnreadable(value)));
  }
  if (result.busy) complain(`${values(result.busy)} kept changing during the run; run it again to finish them.`);
  sayKeyStatus(say, await keyStatus({ db, keyring }));
  return done ? EXIT.ok : EXIT.notDone;
}

async function mailStatusCommand({ db, command, say }: Run<Of<"mail status">>): Promise<number> {
  const status = await mailStatus(db);
  if (command.json) {
    printJson(say, status);
    return EXIT.ok;
  }
  say(`Queued: ${status.queued}${status.retrying ? ` (${status.retrying} waiting to be retried)` : ""}`);
  say(`Sent:   ${status.sent}`);
  say(`Failed: ${status.failed}`);
  if (status.oldestQueuedAt) say(`Oldest queued: ${status.oldestQueuedAt.toISOString()}`);
  say(
    status.lastError
      ? `Last error: ${status.lastError.at.toISOString()}, ${status.lastError.template} to ${status.lastError.recipient} (${status.lastError.status.toLowerCase()}): ${status.lastError.message}`
      : "Last error: none",
  );
  return EXIT.ok;
}

const printJson = (say: Say, value: unknown) => say(JSON.stringify(value));

function noOrganisation(complain: Say, slug: string) {
  complain(`No organisation with the slug "${slug}". Nothing was changed.`);
  return EXIT.notDone;
}

/** The operator confirms a destructive change by typing `expected` (or ran it with --yes); the exit code if not. */
async function confirmed(run: Run, yes: boolean, what: string, expected: string): Promise<number | null> {
  if (yes) {
    run.say("Confirmed with --yes.");
    return null;
  }
  if (!run.io.stdin.isTTY) {
    run.complain("Not confirmed: there is no terminal to ask on. Run it in a terminal, or add --yes to confirm from a script. Nothing was changed.");
    return EXIT.usage;
  }
  if (!confirmsSlug(await ask(`Type ${what} (${expected}) to confirm: `, run.io), expected)) {
    run.complain(`Not confirmed: the answer was not ${what}. Nothing was changed.`);
    return EXIT.notDone;
  }
  return null;
}

async function accessListCommand(run: Run<Of<"access-list disable"> | Of<"access-list show">>): Promise<number> {
  const { db, command, io, say, complain } = run;
  const organisation = await loadAccessListForOperator(db, command.org);
  if (!organisation) return noOrganisation(complain, command.org);
  if (command.kind === "access-list show") {
    const list = await loadAccessList(db, organisation.id);
    say(`${organisation.name}: Access List ${list.enabled ? "ON" : "OFF"}, ${entries(list.entries.length)}`);
    for (const entry of list.entries) say(`  ${entry.cidr.padEnd(40)} ${entry.description}`);
    return EXIT.ok;
  }

  const operator = io.operator();
  describeDisablePlan({ organisation, reason: command.reason, operator }).forEach(say);
  if (!organisation.enabled) return EXIT.ok;
  const refused = await confirmed(run, command.yes, "the organisation slug", organisation.slug);
  if (refused !== null) return refused;

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

async function orgCreate({ db, command, password, io, say, complain }: Run<Of<"org create">>): Promise<number> {
  const result = await createOrganisation({
    db,
    slug: command.slug,
    name: command.name,
    admin: { email: command.adminEmail, name: command.adminName ?? localPart(command.adminEmail), password: password! },
    operator: io.operator(),
    now: io.now(),
  });
  if (!result.ok) {
    complain(`${result.message} Nothing was changed.`);
    return EXIT.notDone;
  }
  const { organisation, admin } = result;
  if (command.json) {
    printJson(say, { organisation, admin: { id: admin.id, email: admin.email } });
  } else {
    say(`Created ${organisation.name} (${organisation.slug}) with its first admin ${admin.email}.`);
    say("  Standard login, no 2FA policy, Access List off. Audited as organisation.created and user.created.");
  }
  return EXIT.ok;
}

/** What deleting an organisation takes with it, in the words the operator confirms. */
export function describeOrganisationDeletePlan(organisation: OrganisationOverview, reason: string): string[] {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return [
    `Delete the organisation ${organisation.name} (${organisation.slug}) and everything in it:`,
    `  ${count(organisation.users, "user", "users")} (with their backup codes), ${count(organisation.sessions, "session", "sessions")}, ` +
      `${entries(organisation.accessListEntries)} on the Access List, ${count(organisation.auditEvents, "audit event", "audit events")}.`,
    "  This cannot be undone. Its audit log goes with it: keep the reason where your team records such changes.",
    `  Reason:   ${reason}`,
  ];
}

async function orgDelete(run: Run<Of<"org delete">>): Promise<number> {
  const { db, command, say, complain } = run;
  const organisation = await loadOrganisationOverview(db, command.org);
  if (!organisation) return noOrganisation(complain, command.org);
  describeOrganisationDeletePlan(organisation, command.reason).forEach(say);
  const refused = await confirmed(run, command.yes, "the organisation slug", organisation.slug);
  if (refused !== null) return refused;
  if (!(await deleteOrganisation({ db, organisationId: organisation.id }))) {
    complain(`The organisation "${organisation.slug}" no longer exists. Nothing was changed.`);
    return EXIT.notDone;
  }
  say(`Deleted ${organisation.name} (${organisation.slug}).`);
  return EXIT.ok;
}

async function orgPolicy({ db, command, io, say, complain }: Run<Of<"org policy">>): Promise<number> {
  const organisation = await findOrganisationBySlug(db, command.org);
  if (!organisation) return noOrganisation(complain, command.org);
  const author = { operator: io.operator(), reason: command.reason };
  const scope = { db, organisationId: organisation.id, ...author, now: io.now() };
  if (command.loginMethod) await setLoginMethod({ ...scope, loginMethod: command.loginMethod });
  let usersChanged = 0;
  if (command.requireTwoFactor !== undefined || command.graceDays !== undefined) {
    const current = await loadOrganisationSettings(scope);
    ({ usersChanged } = await setTwoFactorPolicy({
      ...scope,
      requireTwoFactor: command.requireTwoFactor ?? current.requireTwoFactor,
      graceDays: command.graceDays ?? current.twoFactorGraceDays,
    }));
  }
  const after = await loadOrganisationSettings(scope);
  if (command.json) {
    printJson(say, { organisation: { id: organisation.id, slug: organisation.slug, ...after }, usersChanged });
  } else {
    say(
      `${organisation.name}: login method ${after.loginMethod === "TWO_FACTOR" ? "Two-Factor Authentication" : "Standard"}, ` +
        `Require 2FA for all users ${after.requireTwoFactor ? "ON" : "OFF"}, grace period ${after.twoFactorGraceDays} days; ` +
        `${usersChanged} ${usersChanged === 1 ? "user" : "users"} changed. Audited.`,
    );
  }
  return EXIT.ok;
}

async function usersCreate({ db, command, password, io, say, complain }: Run<Of<"users create">>): Promise<number> {
  const organisation = await findOrganisationBySlug(db, command.org);
  if (!organisation) return noOrganisation(complain, command.org);
  const result = await createUserWithPassword({
    db,
    organisationId: organisation.id,
    input: { email: command.email, name: command.name ?? localPart(command.email), role: command.role, password: password! },
    operator: io.operator(),
    now: io.now(),
  });
  if (!result.ok) {
    complain(`${result.message} Nothing was changed.`);
    return EXIT.notDone;
  }
  const { id, email, role, twoFactorStatus, twoFactorDueAt } = result.user;
  if (command.json) {
    printJson(say, { id, email, role, twoFactorStatus, twoFactorDueAt });
  } else {
    say(
      `Created ${email} (${role.toLowerCase()}) in ${organisation.name}: 2FA ${twoFactorStatus.toLowerCase()}` +
        `${twoFactorDueAt ? `, grace period until ${twoFactorDueAt.toISOString()}` : ""}. Audited as user.created.`,
    );
  }
  return EXIT.ok;
}

/** The user named by --org and --email: never a user of another organisation. */
async function organisationUser(run: Run<Of<"users delete"> | Of<"users grace"> | Of<"users expire-lock">>): Promise<OrganisationUser | null> {
  const { db, command, complain } = run;
  const user = await findOrganisationUser(db, command.org, command.email);
  if (!user) {
    if (await findOrganisationBySlug(db, command.org))
      complain(`No user ${command.email} in the organisation "${command.org}". Nothing was changed.`);
    else noOrganisation(complain, command.org);
  }
  return user;
}

async function usersDelete(run: Run<Of<"users delete">>): Promise<number> {
  const { db, command, io, say, complain } = run;
  const user = await organisationUser(run);
  if (!user) return EXIT.notDone;
  const operator = io.operator();
  say(`Remove ${user.name} <${user.email}> (${user.role.toLowerCase()}) from ${user.organisation.name} (${user.organisation.slug}).`);
  say("  Their sessions end at once; their authenticator and backup codes are deleted. This cannot be undone.");
  say(`  Reason:   ${command.reason}`);
  say(`  Audited:  user.removed, by ${describeOperator(operator)}`);
  const refused = await confirmed(run, command.yes, "the user's email", user.email);
  if (refused !== null) return refused;
  const result = await removeUsers({
    db,
    organisationId: user.organisationId,
    target: { kind: "ids", ids: [user.id] },
    operator,
    reason: command.reason,
    now: io.now(),
  });
  if (!result.ok) {
    complain(
      result.reason === "last-admin"
        ? `${user.email} is the last admin of ${user.organisation.name}: make someone else an admin first. Nothing was changed.`
        : `${user.email} no longer exists. Nothing was changed.`,
    );
    return EXIT.notDone;
  }
  say(`Removed ${user.email} (audited as user.removed).`);
  return EXIT.ok;
}

async function userTimeControl(run: Run<Of<"users grace"> | Of<"users expire-lock">>): Promise<number> {
  const { db, command, io, say, complain } = run;
  const user = await organisationUser(run);
  if (!user) return EXIT.notDone;
  const now = io.now();
  const author = { db, userId: user.id, operator: io.operator(), reason: command.reason, now };
  if (command.kind === "users grace") {
    const result = await moveGraceDeadline({ ...author, until: resolveUntil(command.until, now) });
    if (!result.ok) {
      complain(
        result.reason === "not-required"
          ? `${user.email} has no grace period to move: only a Required user who has not set up 2FA yet has one. Nothing was changed.`
          : `${user.email} no longer exists. Nothing was changed.`,
      );
      return EXIT.notDone;
    }
    const { twoFactorDueAt } = result.user;
    if (command.json) printJson(say, result.user);
    else {
      say(
        `Grace deadline of ${user.email} is now ${twoFactorDueAt.toISOString()}` +
          `${twoFactorDueAt <= now ? " (over: their next request goes to the 2FA setup)" : ""}. Audited as two_factor.grace_moved_by_operator.`,
      );
    }
    return EXIT.ok;
  }
  const result = await expireLocks(author);
  if (!result.ok) {
    complain(
      result.reason === "locked-by-admin"
        ? `${user.email} is locked after 10 failed codes: that lock has no time to pass. An admin's Unlock ends it. Nothing was changed.`
        : `${user.email} no longer exists. Nothing was changed.`,
    );
    return EXIT.notDone;
  }
  const { twoFactor, password } = result.expired;
  if (command.json) printJson(say, { id: user.id, email: user.email, expired: result.expired });
  else if (!twoFactor && !password) say(`${user.email} had no lock to end. Nothing changed.`);
  else {
    const ended = [twoFactor ? "2FA lock" : null, password ? "password sign-in backoff" : null].filter(Boolean).join(" and ");
    say(`Ended the ${ended} of ${user.email}; failure counters kept. Audited as user.locks_expired_by_operator.`);
  }
  return EXIT.ok;
}

const localPart = (email: string) => email.split("@")[0]!;

function describeOperator(operator: OperatorIdentity): string {
  return `${operator.user}@${operator.host}${operator.sudoUser ? ` (via sudo by ${operator.sudoUser})` : ""}`;
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

/**
 * A password: the first line of stdin. On a terminal it is asked for, and not echoed (readline
 * draws the line on an output that discards it); from a pipe it is read as is, with no prompt.
 */
function readPassword(io: OperatorIo, question: string): Promise<string | null> {
  if (!io.stdin.isTTY) return ask("", { ...io, stdout: new Writable({ write: (_chunk, _encoding, done) => done() }) });
  return new Promise((resolve) => {
    const hidden = new Writable({ write: (_chunk, _encoding, done) => done() });
    const rl = readline.createInterface({ input: io.stdin, output: hidden, terminal: true });
    let answer: string | null = null;
    rl.once("line", (line) => {
      answer = line;
      rl.close();
    });
    rl.once("SIGINT", () => rl.close());
    rl.once("close", () => {
      io.stderr.write("\n");
      resolve(answer);
    });
    io.stderr.write(question);
  });
}
