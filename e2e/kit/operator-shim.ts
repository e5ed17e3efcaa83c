// TEMPORARY until qa-ops lands: the operator commands of /work/notes/qa-contract.md that
// scripts/operator-command.ts does not know yet (org create|delete|policy, users
// create|delete|grace|expire-lock), done directly with Prisma and the same lib functions,
// so the kit runs before they exist. e2e/kit/operator.ts calls it only when the real
// command answers "Unknown command". Delete this file (and its call) once they land.
import { parseArgs } from "node:util";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { setLoginMethod } from "@/lib/admin/set-login-method";
import { setTwoFactorPolicy, twoFactorForNewUser } from "@/lib/admin/two-factor-policy";
import type { OperatorIo } from "../../scripts/operator-command";

const STEP = /^([+-])(\d+)([mhd])$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

function until(value: string, now: Date): Date {
  if (value === "now") return now;
  const step = value.match(STEP);
  if (step) return new Date(now.getTime() + (step[1] === "-" ? -1 : 1) * Number(step[2]) * UNIT_MS[step[3] as keyof typeof UNIT_MS]);
  return new Date(value);
}

async function firstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stdin) text += chunk.toString();
  return text.split("\n")[0] ?? "";
}

export async function runShimCommand(io: OperatorIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args: io.argv,
    allowPositionals: true,
    options: Object.fromEntries(
      ["org", "slug", "name", "admin-email", "admin-name", "email", "role", "reason", "until", "login-method", "require-2fa", "grace-days"]
        .map((name) => [name, { type: "string" as const }])
        .concat([["yes", { type: "boolean" }] as never, ["json", { type: "boolean" }] as never]),
    ),
  });
  const v = values as Record<string, string | undefined>;
  const db = io.openDb();
  const now = io.now();
  const print = (value: unknown) => io.stdout.write(`${JSON.stringify(value)}\n`);
  try {
    const command = positionals.join(" ");
    if (command === "org create") {
      const passwordHash = await hashPassword(await firstLine(io.stdin));
      const organisation = await db.organisation.create({ data: { slug: v.slug!, name: v.name! }, select: { id: true, slug: true, name: true } });
      const admin = await db.user.create({
        data: { organisationId: organisation.id, email: v["admin-email"]!, name: v["admin-name"] ?? v["admin-email"]!, role: "ADMIN", passwordHash },
        select: { id: true, email: true },
      });
      await recordAudit(db, {
        organisationId: organisation.id,
        type: "user.created",
        target: admin,
        detail: { role: "ADMIN", reason: "operator" },
        at: now,
      });
      print({ organisation, admin });
      return 0;
    }
    const organisation = await db.organisation.findUniqueOrThrow({ where: { slug: v.org! } });
    if (command === "org delete") {
      await db.organisation.delete({ where: { id: organisation.id } });
      return 0;
    }
    if (command === "org policy") {
      const common = { db, organisationId: organisation.id, actor: null as never, ip: "operator", now };
      if (v["login-method"]) await setLoginMethod({ ...common, loginMethod: v["login-method"] === "two-factor" ? "TWO_FACTOR" : "STANDARD" });
      if (v["require-2fa"] || v["grace-days"]) {
        await setTwoFactorPolicy({
          ...common,
          requireTwoFactor: v["require-2fa"] ? v["require-2fa"] === "on" : organisation.requireTwoFactor,
          graceDays: v["grace-days"] ? Number(v["grace-days"]) : organisation.twoFactorGraceDays,
        });
      }
      print({ ok: true });
      return 0;
    }
    if (command === "users create") {
      const passwordHash = await hashPassword(await firstLine(io.stdin));
      const user = await db.user.create({
        data: {
          organisationId: organisation.id,
          email: v.email!,
          name: v.name ?? v.email!,
          role: v.role === "admin" ? "ADMIN" : "MEMBER",
          passwordHash,
          ...twoFactorForNewUser(organisation, now),
        },
        select: { id: true, email: true, role: true, twoFactorStatus: true, twoFactorDueAt: true },
      });
      await recordAudit(db, { organisationId: organisation.id, type: "user.created", target: user, detail: { role: user.role }, at: now });
      print({ ...user, twoFactorDueAt: user.twoFactorDueAt?.toISOString() ?? null });
      return 0;
    }
    const where = { email: v.email!, organisationId: organisation.id };
    if (command === "users delete") {
      await db.user.deleteMany({ where });
      return 0;
    }
    if (command === "users grace") {
      const { count } = await db.user.updateMany({
        where: { ...where, twoFactorStatus: "REQUIRED" },
        data: { twoFactorDueAt: until(v.until!, now) },
      });
      if (count !== 1) throw new Error("not a Required user");
      print({ ok: true });
      return 0;
    }
    if (command === "users expire-lock") {
      await db.user.updateMany({ where: { ...where, twoFactorLockedUntil: { gt: now } }, data: { twoFactorLockedUntil: now } });
      await db.rateLimit.updateMany({ where: { key: `password:account:${v.email}`, lockedUntil: { gt: now } }, data: { lockedUntil: now } });
      print({ ok: true });
      return 0;
    }
    io.stderr.write(`shim: unknown command ${command}\n`);
    return 2;
  } catch (error) {
    io.stderr.write(`shim: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await db.$disconnect().catch(() => {});
  }
}
