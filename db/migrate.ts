import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { sql } from "drizzle-orm";
import { connect, type DbTarget } from "./client";
import { databaseTarget, readEnv } from "../lib/env-schema";
import { loadEnvFiles } from "../lib/env-files";

const migrationsFolder = new URL("./migrations", import.meta.url).pathname;

// One entry point for dev, tests and deploys. On Postgres an advisory lock serialises
// concurrent runs (two instances deploying at once); PGlite is single-process by construction.
export async function migrateDatabase(target: DbTarget): Promise<void> {
  const handle = connect(target, { max: 1 });
  try {
    if ("databaseUrl" in target) {
      await handle.db.execute(sql`select pg_advisory_lock(7243011)`);
      await migratePostgres(handle.db, { migrationsFolder });
      await handle.db.execute(sql`select pg_advisory_unlock(7243011)`);
    } else {
      await migratePglite(handle.db as never, { migrationsFolder });
    }
  } finally {
    await handle.close();
  }
}

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

if (process.argv[1]?.endsWith("migrate.ts")) {
  loadEnvFiles();
  void main();
}
