// Read-only access to a local run's database, for assertions a user cannot see on a page
// (audit rows, counters). Writes are refused: fixtures create data through the product.
import { createDb, type Db } from "@/lib/db";

const WRITES = /^(create|update|upsert|delete)/;

let database: Db | undefined;

export function readOnlyDb(): Db {
  if (process.env.BASE_URL) throw new Error("This assertion reads the local database: the test cannot run against BASE_URL.");
  database ??= createDb(process.env.DATABASE_URL);
  const db = database;
  return new Proxy(db, {
    get(target, model: string) {
      const delegate = Reflect.get(target, model) as unknown;
      if (typeof model === "string" && /^\$(execute|transaction)/.test(model)) throw new Error(`e2e: ${model} is not for the kit.`);
      if (typeof model !== "string" || model.startsWith("$") || typeof delegate !== "object" || delegate === null) return delegate;
      return new Proxy(delegate, {
        get(inner, method: string) {
          if (typeof method === "string" && WRITES.test(method)) throw new Error(`e2e: ${model}.${method} would write; the kit only reads.`);
          const value = Reflect.get(inner, method) as unknown;
          return typeof value === "function" ? value.bind(inner) : value;
        },
      });
    },
  });
}
