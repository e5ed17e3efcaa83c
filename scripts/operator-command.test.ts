import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db";
import { createOrganisationWithUsers, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { textSink } from "@/lib/testing/text-sink";
import {
  confirmsSlug,
  describeDisablePlan,
  describeFailure,
  EXIT,
  operatorIdentity,
  parseOperatorArgs,
  runOperatorCommand,
} from "./operator-command";

describe("reading the operator's arguments", () => {
  const disable = ["access-list", "disable", "--org", "acme"];

  it("reads disable with its reason, and --yes", () => {
    expect(parseOperatorArgs([...disable, "--reason", "  Locked out (ticket 42) "])).toEqual({
      ok: true,
      command: { kind: "access-list disable", org: "acme", reason: "Locked out (ticket 42)", yes: false },
    });
    expect(parseOperatorArgs([...disable, "--reason=Locked out", "-y"])).toMatchObject({ ok: true, command: { yes: true } });
    expect(parseOperatorArgs(["access-list", "show", "--org", "acme"])).toEqual({ ok: true, command: { kind: "access-list show", org: "acme" } });
    expect(parseOperatorArgs(["--help"])).toEqual({ ok: true, command: { kind: "help" } });
  });

  it.each([
    [[...disable], 'Give a reason with --reason "<why>"'],
    [[...disable, "--reason", ""], 'Give a reason with --reason "<why>"'],
    [[...disable, "--reason", "   "], 'Give a reason with --reason "<why>"'],
    [[...disable, "--reason", "x".repeat(501)], "under 500 characters"],
    [[...disable, "--reason", "line one\nline two"], "on one line"],
    [[...disable, "--reason", "\u001b[2Jwiped"], "on one line"],
    [[...disable, "--reason"], "Option '--reason <value>' argument missing."],
    [[...disable, "--reason", "--yes"], "Option '--reason' argument is ambiguous."],
    [[...disable, "--reason", "a", "--reason", "b"], "Give --reason once."],
    [["access-list", "disable", "--org", "a", "--org", "b", "--reason", "r"], "Give --org once."],
    [["access-list", "disable", "--reason", "r"], "Give the organisation's slug with --org."],
    [["access-list", "disable", "--org", " ", "--reason", "r"], "Give the organisation's slug with --org."],
    [[...disable, "--reason", "r", "--force"], "Unknown option '--force'."],
    [[...disable, "--reason", "r", "extra"], 'Unexpected argument "extra".'],
    [["access-list", "nuke", "--org", "acme"], 'Unknown access-list command "nuke".'],
    [["access-list"], "Name an access-list command: disable or show."],
    [["users", "list"], 'Unknown users command "list".'],
    [["tenants"], 'Unknown command "tenants".'],
    [["users"], "Name a users command: create, delete, grace or expire-lock."],
    [[], "Name a command."],
    [["access-list", "show", "--org", "acme", "--yes"], "--yes is not an option of access-list show."],
  ])("refuses %j with a clear sentence", (argv, message) => {
    const parsed = parseOperatorArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });

  it("confirms only with the exact slug", () => {
    expect(confirmsSlug(" acme\t", "acme")).toBe(true);
    expect(confirmsSlug("y", "acme")).toBe(false);
    expect(confirmsSlug("ACME", "acme")).toBe(false);
    expect(confirmsSlug("", "acme")).toBe(false);
    expect(confirmsSlug(null, "acme")).toBe(false);
  });

  it("knows who runs it, and keeps the sudo caller", () => {
    const me = operatorIdentity({});
    expect(me.user).toBeTruthy();
    expect(me.host).toBeTruthy();
    expect(me.sudoUser).toBeUndefined();
    expect(operatorIdentity({ SUDO_USER: "carol" }).sudoUser).toBe(me.user === "carol" ? undefined : "carol");
  });

  it("describes the change before making it", () => {
    const organisation = { id: "o1", slug: "acme", name: "Acme Corp", enabled: true, entryCount: 3 };
    const plan = describeDisablePlan({ organisation, reason: "Locked out", operator: { user: "ops", host: "bastion", sudoUser: "carol" } }).join(
      "\n",
    );
    expect(plan).toContain("switch OFF the Access List of Acme Corp (acme)");
    expect(plan).toContain("Now:      ON, 3 entries.");
    expect(plan).toContain("addresses NOT on the list are allowed again");
    expect(plan).toContain("Reason:   Locked out");
    expect(plan).toContain("by ops@bastion (via sudo by carol)");
    expect(
      describeDisablePlan({ organisation: { ...organisation, enabled: false, entryCount: 1 }, reason: "r", operator: { user: "o", host: "h" } }),
    ).toEqual(["The Access List of Acme Corp (acme) is already OFF (1 entry). Nothing to change."]);
  });

  it("reports a failure in one line, without Prisma's source excerpt", () => {
    const prismaLike = new Error(
      "\nInvalid `db.organisation.findUnique()` invocation in\n/x.ts:1:1\n\n→ 1 const a = …\nCan't reach database server at 127.0.0.1:5999",
    );
    expect(describeFailure(prismaLike)).toBe("Can't reach database server at 127.0.0.1:5999");
  });
});

describe("the break-glass on a terminal", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.dispose());

  async function lockedOrganisation(slug: string) {
    const { organisation } = await createOrganisationWithUsers(test.db, slug);
    await test.db.accessListEntry.create({ data: { organisationId: organisation.id, cidr: "203.0.113.0/24", description: "Office" } });
    await test.db.organisation.update({ where: { id: organisation.id }, data: { accessListEnabled: true } });
    return organisation;
  }

  /** Runs the command with `answer` typed on a (pretend) terminal; returns the exit code and output. */
  async function runOnTerminal(argv: string[], answer: string | null) {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    let out = "";
    let err = "";
    const sink = (write: (text: string) => void) =>
      textSink((text) => {
        write(text);
        // The prompt is the cue to type, as a person would after reading it.
        if (text.startsWith("Type the organisation slug")) {
          if (answer === null) stdin.end();
          else stdin.write(`${answer}\n`);
        }
      });
    const code = await runOperatorCommand({
      argv,
      stdin,
      stdout: sink((text) => (out += text)),
      stderr: sink((text) => (err += text)),
      openDb: () => createDb(test.url),
      operator: () => ({ user: "ops", host: "bastion-1" }),
      now: () => new Date("2030-06-01T00:00:00Z"),
    });
    return { code, out, err };
  }

  const enabled = async (id: string) => (await test.db.organisation.findUniqueOrThrow({ where: { id } })).accessListEnabled;
  const audits = (organisationId: string) => test.db.auditEvent.findMany({ where: { organisationId, type: "access_list.disabled_by_operator" } });

  it("asks for the slug, and only the slug switches the list off", async () => {
    const organisation = await lockedOrganisation("tty");
    const argv = ["access-list", "disable", "--org", "tty", "--reason", "Locked out after an ISP change"];

    for (const answer of ["y", "", null]) {
      const refused = await runOnTerminal(argv, answer);
      expect(refused.code).toBe(EXIT.notDone);
      expect(refused.out).toContain("Now:      ON, 1 entry.");
      expect(refused.out).toContain("Type the organisation slug (tty) to confirm: ");
      expect(refused.err).toContain("Not confirmed");
      expect(await enabled(organisation.id)).toBe(true);
    }
    expect(await audits(organisation.id)).toEqual([]);

    const confirmed = await runOnTerminal(argv, "tty");
    expect(confirmed.code).toBe(EXIT.ok);
    expect(confirmed.out).toContain("Access List of tty Inc is now OFF");
    expect(await enabled(organisation.id)).toBe(false);
    const [event] = await audits(organisation.id);
    expect(JSON.parse(event!.detail!)).toEqual({ reason: "Locked out after an ISP change", operatorUser: "ops", operatorHost: "bastion-1" });

    // Again: already off, nothing to confirm or audit.
    const again = await runOnTerminal(argv, "tty");
    expect(again).toMatchObject({ code: EXIT.ok, out: expect.stringContaining("already OFF") });
    expect(again.out).not.toContain("Type the organisation slug");
    expect(await audits(organisation.id)).toHaveLength(1);
  });

  it("names an unknown organisation and changes nothing", async () => {
    const result = await runOnTerminal(["access-list", "disable", "--org", "nobody", "--reason", "r"], "nobody");
    expect(result).toMatchObject({ code: EXIT.notDone, err: 'No organisation with the slug "nobody". Nothing was changed.\n' });
  });
});
