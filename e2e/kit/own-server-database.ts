// Prepares the database of a spec's own server (e2e/kit/own-server.ts) in one short process:
// migrated, with one organisation (2FA login method, no Access List) and `--users N`
// members whose 2FA is off, user1@own.test … userN@own.test, all with DEMO_PASSWORD. Far
// quicker than `db:migrate` then `db:seed` (one Node start, one password hash).
//   tsx --conditions=react-server e2e/kit/own-server-database.ts --users 6   (DATABASE_URL: the new file)
import { parseArgs } from "node:util";
import { createDb } from "../../lib/db";
import { databaseKind } from "../../lib/database-adapter";
import { databaseUrl } from "../../lib/env";
import { hashPassword } from "../../lib/auth/password";
import { applyPendingMigrations } from "../../prisma/schema-engine";
import { PROVIDER_PATHS } from "../../prisma/provider-schemas";
import { DEMO_PASSWORD } from "./accounts";

const { values } = parseArgs({ options: { users: { type: "string", default: "4" } } });
const url = databaseUrl();
await applyPendingMigrations({ ...PROVIDER_PATHS[databaseKind(url)], url });
const db = createDb(url);
const organisation = await db.organisation.create({ data: { slug: "own", name: "Own Server Ltd", loginMethod: "TWO_FACTOR" } });
const passwordHash = await hashPassword(DEMO_PASSWORD);
await db.user.createMany({
  data: Array.from({ length: Number(values.users) }, (_, i) => ({
    organisationId: organisation.id,
    email: `user${i + 1}@own.test`,
    name: `User ${i + 1}`,
    role: "MEMBER" as const,
    passwordHash,
  })),
});
await db.$disconnect();
