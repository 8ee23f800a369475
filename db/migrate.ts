import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { sql } from "drizzle-orm";
import { connect, type DbTarget } from "./client";

const migrationsFolder = new URL("./migrations", import.meta.url).pathname;

// One way to migrate for dev, tests and deploys (scripts/migrate.ts is `npm run db:migrate`). On Postgres an advisory lock serialises
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
