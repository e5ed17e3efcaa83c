// The operator command end to end: spawned the way `npm run twofold` runs it, against a temp database.
import { spawn, spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const command = [tsx, "--conditions=react-server", "scripts/twofold.ts"];

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.dispose());

/** Runs the command with stdin closed (no terminal), as from cron or CI. */
function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command[0]!, [...command.slice(1), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: test.url, SUDO_USER: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function lockedOrganisation(slug: string) {
  const { organisation } = await createOrganisationWithUsers(test.db, slug);
  await test.db.accessListEntry.createMany({
    data: ["203.0.113.0/24", "198.51.100.7"].map((cidr) => ({ organisationId: organisation.id, cidr, description: "" })),
  });
  await test.db.organisation.update({ where: { id: organisation.id }, data: { accessListEnabled: true } });
  return organisation;
}

const state = async (id: string) => ({
  enabled: (await test.db.organisation.findUniqueOrThrow({ where: { id } })).accessListEnabled,
  audited: await test.db.auditEvent.findMany({ where: { organisationId: id, type: "access_list.disabled_by_operator" } }),
});

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at /m);

describe("npm run twofold -- access-list disable", () => {
  it("refuses without a terminal and without --yes (exit 2), after showing what it would change", async () => {
    const organisation = await lockedOrganisation("cron");
    const result = await run(["access-list", "disable", "--org", "cron", "--reason", "Locked out"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("Now:      ON, 2 entries.");
    expect(result.stderr).toContain("Not confirmed: there is no terminal to ask on. Run it in a terminal, or add --yes to confirm from a script.");
    expect(await state(organisation.id)).toEqual({ enabled: true, audited: [] });
  });

  it("with --yes switches the list off and audits the reason, the OS user and the host", async () => {
    const organisation = await lockedOrganisation("scripted");
    const result = await run(["access-list", "disable", "--org", "scripted", "--reason", "Locked out after an ISP change (#4711)", "--yes"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("Break-glass: switch OFF the Access List of scripted Inc (scripted).");
    expect(result.stdout).toContain("Access List of scripted Inc is now OFF");
    const after = await state(organisation.id);
    expect(after.enabled).toBe(false);
    expect(after.audited).toHaveLength(1);
    expect(JSON.parse(after.audited[0]!.detail!)).toEqual({
      reason: "Locked out after an ISP change (#4711)",
      operatorUser: os.userInfo().username,
      operatorHost: os.hostname(),
    });
  });

  // Every refusal is unit-tested in operator-command.test.ts; these prove the process side (stderr, exit code).
  it.each([
    [["access-list", "disable", "--org", "acme", "--yes"], 'Give a reason with --reason "<why>"'],
    [["access-list", "disable", "--org", "acme", "--reason"], "Option '--reason <value>' argument missing."],
    [["access-list", "disable", "--org", "acme", "--reason", "r", "--frce"], "Unknown option '--frce'."],
  ])("answers bad arguments %j with a sentence and the usage, exit 2", async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("Usage:");
    noStackTrace(result.stderr);
  });

  it("an unknown organisation or an unreachable database: one line, exit 1", async () => {
    const unknown = await run(["access-list", "disable", "--org", "nobody", "--reason", "r", "--yes"]);
    expect(unknown).toMatchObject({ code: 1, stderr: 'No organisation with the slug "nobody". Nothing was changed.\n' });
    const down = await run(["access-list", "show", "--org", "acme"], { DATABASE_URL: "postgresql://postgres@127.0.0.1:9/none" });
    expect(down.code).toBe(1);
    expect(down.stderr.trim().split("\n")).toHaveLength(1);
    expect(down.stderr).toMatch(/^Failed: /);
  });

  // A real terminal, from util-linux's `script`: the prompt is shown and the typed slug confirms.
  const hasScript = spawnSync("script", ["--version"]).status === 0;
  it.skipIf(!hasScript)("on a terminal, asks for the slug and acts only on it", async () => {
    const organisation = await lockedOrganisation("terminal");
    const typed = (answer: string) =>
      new Promise<{ code: number | null; output: string }>((resolve, reject) => {
        const line = [...command, "access-list", "disable", "--org", "terminal", "--reason", "'Locked out'"].join(" ");
        const child = spawn("script", ["-qec", line, "/dev/null"], {
          cwd: root,
          env: { ...process.env, DATABASE_URL: test.url },
          stdio: ["pipe", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk;
          if (output.includes("to confirm: ") && child.stdin.writable) child.stdin.end(`${answer}\n`);
        });
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, output }));
      });

    const wrong = await typed("yes");
    expect(wrong.code).toBe(1);
    expect(wrong.output).toContain("Type the organisation slug (terminal) to confirm: ");
    expect(wrong.output).toContain("Not confirmed");
    expect((await state(organisation.id)).enabled).toBe(true);

    const right = await typed("terminal");
    expect(right.code).toBe(0);
    expect(right.output).toContain("is now OFF");
    expect((await state(organisation.id)).audited).toHaveLength(1);
  });
});

describe("mail status", () => {
  it("prints queued, sent and failed counts and the last error, in words and as JSON", async () => {
    // Other tests here change Access Lists, which mails admins: start from an empty outbox.
    await test.db.outboxEmail.deleteMany();
    const at = new Date("2030-06-01T10:00:00Z");
    const row = (id: string, extra: object) => ({
      id,
      template: "two-factor-enrolled",
      recipient: `${id}@mail.test`,
      data: "{}",
      nextAttemptAt: at,
      createdAt: at,
      ...extra,
    });
    await test.db.outboxEmail.createMany({
      data: [
        row("sent-1", { status: "SENT", sentAt: at }),
        row("queued-1", {}),
        row("retrying-1", {
          attempts: 2,
          lastError: "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:25",
          lastAttemptAt: new Date("2030-06-01T10:05:00Z"),
        }),
        row("failed-1", { status: "FAILED", attempts: 10, lastError: "550: mailbox unavailable", lastAttemptAt: new Date("2030-06-01T10:01:00Z") }),
      ],
    });
    const text = await run(["mail", "status"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("Queued: 2 (1 waiting to be retried)");
    expect(text.stdout).toContain("Sent:   1");
    expect(text.stdout).toContain("Failed: 1");
    expect(text.stdout).toContain("Last error: 2030-06-01T10:05:00.000Z, two-factor-enrolled to retrying-1@mail.test (queued): ECONNREFUSED");
    const json = await run(["mail", "status", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ queued: 2, sent: 1, failed: 1, retrying: 1, lastError: { recipient: "retrying-1@mail.test" } });
  });
});
