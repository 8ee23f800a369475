import "server-only";
import { env } from "@/lib/env";
import { connect, type Db, type DbHandle } from "./client";

export type { Db, Tx } from "./client";

// The app's one database client, opened on first use (so `next build` never opens it) and kept
// on globalThis so dev hot reloads do not open a second PGlite on the same directory.
const globalForDb = globalThis as unknown as { sesameDb?: DbHandle };

export function db(): Db {
  if (!globalForDb.sesameDb) {
    const { databaseUrl, pgliteDir } = env();
    globalForDb.sesameDb = connect(databaseUrl ? { databaseUrl } : { pgliteDir });
  }
  return globalForDb.sesameDb.db;
}

// For scripts and tests that must let the process exit.
export async function closeDb(): Promise<void> {
  await globalForDb.sesameDb?.close();
  globalForDb.sesameDb = undefined;
}
