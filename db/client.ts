import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { openPostgres } from "./postgres-pool";
import { lockPgliteDir } from "./pglite-lock";
import * as schema from "./schema";

// Both drivers expose the same query builder; the app is typed against one of them.
export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type DbHandle = { db: Db; close: () => Promise<void> };

export type DbTarget = { databaseUrl: string } | { pgliteDir: string } | { pglite: PGlite };

export function connect(target: DbTarget, options: { max?: number } = {}): DbHandle {
  if ("databaseUrl" in target) {
    const pool = openPostgres(target.databaseUrl, options.max ?? 10);
    const db = drizzlePostgres(pool.sql, { schema });
    return { db, close: pool.end };
  }
  if ("pglite" in target) {
    const db = drizzlePglite(target.pglite, { schema }) as unknown as Db;
    return { db, close: () => target.pglite.close() };
  }
  // PGlite has no lock of its own: two processes on one directory silently lose writes.
  // "memory://" (tests) has no directory to share.
  const unlock = target.pgliteDir.startsWith("memory://") ? () => {} : lockPgliteDir(target.pgliteDir);
  const pglite = new PGlite(target.pgliteDir);
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return {
    db,
    close: async () => {
      await pglite.close();
      unlock();
    },
  };
}
