import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { sql } from "drizzle-orm";
import { connect, type DbTarget } from "./client";

const migrationsFolder = new URL("./migrations", import.meta.url).pathname;

// One way to migrate for dev, tests and deploys (scripts/migrate.ts is `npm run db:migrate`). On
// Postgres an advisory lock serialises concurrent runs (two instances deploying at once); PGlite
// is single-process by construction. The lock is a transaction's, held open on one connection
// while the migrations run on the other: a session lock (pg_advisory_lock) behind a pooler in
// transaction mode (PgBouncer; docs/deploying.md) is taken on one server connection and released
// on another, or never, and then blocks every later deploy.
export async function migrateDatabase(target: DbTarget): Promise<void> {
  const handle = connect(target, { max: 2 });
  try {
    if ("databaseUrl" in target) {
      await handle.db.transaction(async (lock) => {
        await lock.execute(sql`select pg_advisory_xact_lock(7243011)`);
        await migratePostgres(handle.db, { migrationsFolder });
      });
    } else {
      await migratePglite(handle.db as never, { migrationsFolder });
    }
  } finally {
    await handle.close();
  }
}
