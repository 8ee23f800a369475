// `npm run db:migrate`: applies db/migrations to the database the app uses (DATABASE_URL, else
// PGlite in PGLITE_DIR), with `.env.local` and the other env files loaded as Next loads them.
import { migrateDatabase } from "../db/migrate";
import { loadEnvFiles } from "../lib/env-files";
import { databaseTarget, readEnv } from "../lib/env";

async function main() {
  const target = databaseTarget(readEnv());
  const where = "databaseUrl" in target ? "Postgres" : `PGlite (${target.pgliteDir})`;
  try {
    await migrateDatabase(target);
    console.log(`Database migrated: ${where}`);
  } catch (error) {
    // Drizzle wraps driver errors; the cause says what actually went wrong (e.g. ECONNREFUSED).
    const cause = (error as { cause?: Error }).cause ?? (error as Error);
    console.error(`Migration failed on ${where}: ${cause.message}`);
    process.exit(1);
  }
}

loadEnvFiles();
void main();
