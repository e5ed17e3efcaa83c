// Operator commands, run on a machine with the app's DATABASE_URL.
//   npm run twofold -- access-list disable --org <slug>   break-glass: switch an organisation's Access List off
//   npm run twofold -- access-list show --org <slug>      print its switch and entries
import os from "node:os";
import { parseArgs } from "node:util";
import { createDb } from "../lib/db";
import { disableAccessListAsOperator, loadAccessList } from "../lib/access-list/manage-access-list";
import { loadProjectEnv } from "./load-env";

const USAGE = "Usage: npm run twofold -- access-list <disable|show> --org <organisation slug>";

async function main() {
  loadProjectEnv();
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { org: { type: "string" } } });
  const [area, command] = positionals;
  if (area !== "access-list" || !["disable", "show"].includes(command ?? "") || !values.org) {
    console.error(USAGE);
    return 2;
  }
  const db = createDb();
  try {
    if (command === "disable") {
      const operator = `${os.userInfo().username}@${os.hostname()}`;
      const organisation = await disableAccessListAsOperator({ db, organisationSlug: values.org, operator, now: new Date() });
      if (!organisation) {
        console.error(`No organisation with the slug "${values.org}".`);
        return 1;
      }
      console.log(`Access List of ${organisation.name} is now OFF (audited as access_list.disabled_by_operator by ${operator}).`);
      console.log("Every instance lets its users in again within a few seconds.");
      return 0;
    }
    const organisation = await db.organisation.findUnique({ where: { slug: values.org }, select: { id: true, name: true } });
    if (!organisation) {
      console.error(`No organisation with the slug "${values.org}".`);
      return 1;
    }
    const list = await loadAccessList(db, organisation.id);
    console.log(`${organisation.name}: Access List ${list.enabled ? "ON" : "OFF"}, ${list.entries.length} entries`);
    for (const entry of list.entries) console.log(`  ${entry.cidr.padEnd(40)} ${entry.description}`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
