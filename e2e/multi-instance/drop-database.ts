import { dropPostgresDatabase } from "../../prisma/postgres-databases";

export default async function dropDatabase() {
  if (process.env.DATABASE_URL?.startsWith("postgresql://")) await dropPostgresDatabase(process.env.DATABASE_URL);
}
