// `npm run db:migrate`: applies db/migrations to the database the app uses (DATABASE_URL, else
// PGlite in PGLITE_DIR), with `.env.local` and the other env files loaded as Next loads them.
import type { DbTarget } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { loadEnvFiles } from "../lib/env-files";
import { databaseTarget, readEnv } from "../lib/env";

async function main() {
  // A missing or invalid variable (NODE_ENV=production wants the production set): one line, no
  // stack trace, exit 1, as `next start` does.
  let target: DbTarget;
  try {
    target = databaseTarget(readEnv());
  } catch (error) {
    console.error(`Cannot migrate: ${(error as Error).message}`);
    process.exit(1);
  }
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
