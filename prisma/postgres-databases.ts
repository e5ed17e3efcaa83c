// Throwaway PostgreSQL databases: a scratch database for migration diffs, one per test
// file, one per benchmark run. Always created with a random name and dropped after use.
import crypto from "node:crypto";
import pg from "pg";

/** The server to create throwaway databases on (its maintenance database "postgres"). */
export function postgresServerUrl(env: Record<string, string | undefined> = process.env): string {
  return env.POSTGRES_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function postgresAvailable(serverUrl = postgresServerUrl()): Promise<boolean> {
  try {
    await admin(serverUrl, (client) => client.query("SELECT 1"));
    return true;
  } catch {
    return false;
  }
}

/** Creates a database (optionally a copy of `template`) and returns its URL. */
export async function createPostgresDatabase(options: { prefix: string; template?: string; serverUrl?: string }): Promise<string> {
  const serverUrl = options.serverUrl ?? postgresServerUrl();
  const name = `${options.prefix}_${crypto.randomBytes(5).toString("hex")}`;
  await admin(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"${options.template ? ` TEMPLATE "${options.template}"` : ""}`));
  return withDatabase(serverUrl, name);
}

export async function dropPostgresDatabase(url: string, serverUrl = postgresServerUrl()): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  await admin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}
