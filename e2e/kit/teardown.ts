// Global teardown of a local run: removes this run's database and temporary directory, and
// nothing else (the marker says what the run created).
import fs from "node:fs";
import { dropPostgresDatabase } from "../../prisma/postgres-databases";
import { readMarker } from "./run-database";

export default async function removeRunDatabase() {
  const dir = process.env.E2E_RUN_DIR;
  if (!dir) return;
  const marker = readMarker(dir);
  if (!marker || marker.token !== process.env.E2E_RUN_TOKEN) return;
  if (marker.database.startsWith("postgresql://")) await dropPostgresDatabase(marker.database);
  if (!process.env.E2E_KEEP_DATABASE) fs.rmSync(dir, { recursive: true, force: true });
}
