// Demo data of DESIGN §4. Idempotent: existing rows are kept as they are.
//   npm run db:seed                      the demo organisations and accounts
//   npm run db:seed -- --extra-users N   plus N generated Acme members (benchmarks)
import { parseArgs } from "node:util";
import { createDb, type Db } from "../lib/db";
import { hashPassword } from "../lib/auth/password";
import { loadProjectEnv } from "../scripts/load-env";
import type { Role } from "../lib/generated/prisma/enums";

export const DEMO_PASSWORD = "correct-horse-battery-staple";

const ACME_MEMBERS = [
  "Carol Chen",
  "Dave Diaz",
  "Erin Evans",
  "Frank Fischer",
  "Grace Green",
  "Heidi Hughes",
  "Ivan Ivanov",
  "Judy Jones",
  "Karl Kim",
  "Laura Lopez",
  "Mallory Moore",
  "Niaj Nguyen",
  "Olivia Ortiz",
  "Peggy Park",
  "Quentin Quinn",
  "Rupert Reed",
  "Sybil Singh",
  "Trent Turner",
  "Uma Usman",
  "Victor Vega",
  "Walter White",
  "Yara Young",
];

interface DemoUser {
  email: string;
  name: string;
  role: Role;
}

const DEMO = [
  {
    slug: "acme",
    name: "Acme Corp",
    users: [
      { email: "admin@acme.test", name: "Ada Admin", role: "ADMIN" },
      { email: "alice@acme.test", name: "Alice Anderson", role: "MEMBER" },
      { email: "bob@acme.test", name: "Bob Brown", role: "MEMBER" },
      ...ACME_MEMBERS.map((name) => ({
        email: `${name.split(" ")[0]!.toLowerCase()}@acme.test`,
        name,
        role: "MEMBER" as const,
      })),
    ],
  },
  {
    slug: "globex",
    name: "Globex",
    users: [
      { email: "admin@globex.test", name: "Gloria Globex", role: "ADMIN" },
      { email: "hank@globex.test", name: "Hank Scorpio", role: "MEMBER" },
      { email: "marge@globex.test", name: "Marge Simpson", role: "MEMBER" },
      { email: "frank@globex.test", name: "Frank Grimes", role: "MEMBER" },
    ],
  },
] satisfies { slug: string; name: string; users: DemoUser[] }[];

export async function seedDemo(db: Db, options: { extraUsers?: number } = {}) {
  for (const org of DEMO) {
    const organisation = await db.organisation.upsert({
      where: { slug: org.slug },
      // The demo shows 2FA at work: its organisations sign in with the 2FA login method.
      create: { slug: org.slug, name: org.name, loginMethod: "TWO_FACTOR" },
      update: {},
      select: { id: true },
    });
    const existing = new Set(
      (await db.user.findMany({ where: { email: { in: org.users.map((u) => u.email) } }, select: { email: true } })).map((u) => u.email),
    );
    for (const user of org.users.filter((u) => !existing.has(u.email))) {
      await db.user.create({
        data: { ...user, organisationId: organisation.id, passwordHash: await hashPassword(DEMO_PASSWORD) },
      });
    }
  }
  if (options.extraUsers) await seedExtraUsers(db, options.extraUsers);
}

/** N generated Acme members sharing one password hash; fast enough for 100,000. */
async function seedExtraUsers(db: Db, count: number) {
  const acme = await db.organisation.findUniqueOrThrow({ where: { slug: "acme" }, select: { id: true } });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const batch = 1000;
  for (let start = 0; start < count; start += batch) {
    const data = Array.from({ length: Math.min(batch, count - start) }, (_, i) => {
      const n = String(start + i + 1).padStart(6, "0");
      return { email: `user${n}@acme.test`, name: `User ${n}`, role: "MEMBER" as const, organisationId: acme.id, passwordHash };
    });
    const existing = new Set(
      (await db.user.findMany({ where: { email: { in: data.map((d) => d.email) } }, select: { email: true } })).map((u) => u.email),
    );
    await db.user.createMany({ data: data.filter((d) => !existing.has(d.email)) });
  }
}

async function main() {
  loadProjectEnv();
  const { values } = parseArgs({ options: { "extra-users": { type: "string" } } });
  const extraUsers = Number(values["extra-users"] ?? 0);
  if (!Number.isInteger(extraUsers) || extraUsers < 0) throw new Error("--extra-users takes a whole number");
  const db = createDb();
  try {
    await seedDemo(db, { extraUsers });
    const users = await db.user.count();
    console.log(`Seeded demo data: ${users} users in total. Every demo password is ${DEMO_PASSWORD}`);
  } finally {
    await db.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
