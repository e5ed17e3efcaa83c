import type { DatabaseKind } from "../database-adapter";

/** The database the unit tests run on: SQLite unless TEST_DATABASE=postgresql. */
export function testDatabaseKind(): DatabaseKind {
  return process.env.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";
}
