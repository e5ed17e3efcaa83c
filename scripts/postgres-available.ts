// Exit code 0 when the PostgreSQL server for throwaway test databases answers.
import { postgresAvailable, postgresServerUrl } from "../prisma/postgres-databases";

const available = await postgresAvailable();
if (!available) console.error(`PostgreSQL is not reachable at ${postgresServerUrl()} (set POSTGRES_SERVER_URL to use another server).`);
process.exit(available ? 0 : 1);
