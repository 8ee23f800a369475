import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, inject } from "vitest";
import postgres from "postgres";
import type { DbHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";

// Each test file gets a fresh, migrated database of its own: an in-memory PGlite, or a new
// database on the Postgres server named by TEST_DATABASE_URL (dropped afterwards).
const engine = process.env.TEST_DB_ENGINE;

if (engine === "postgres" || engine === "pgbouncer") {
  const serverUrl = process.env.TEST_DATABASE_URL!;
  const name = `sesame_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  // Through the pooler (transaction mode), the app connects as docs/deploying.md says: with
  // prepared statements off. Migrating goes through it too, as `npm run db:migrate` would.
  const url = new URL(engine === "pgbouncer" ? process.env.TEST_PGBOUNCER_URL! : serverUrl);
  url.pathname = `/${name}`;
  if (engine === "pgbouncer") url.searchParams.set("prepare", "false");
  process.env.DATABASE_URL = url.toString();
  await migrateDatabase({ databaseUrl: process.env.DATABASE_URL });
  afterAll(async () => {
    const { closeDb } = await import("@/db");
    await closeDb();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
} else {
  // In-memory PGlite lives inside this process: load the migrated snapshot that
  // ./pglite-snapshot.ts made once for the run, and install it as the app's one client (the
  // handle db/index.ts keeps on globalThis), so db() never opens a PGlite of its own.
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = "memory://";
  const { PGlite } = await import("@electric-sql/pglite");
  const { connect } = await import("@/db/client");
  const snapshot = readFileSync(inject("pgliteSnapshot"));
  const pglite = new PGlite({ loadDataDir: new Blob([snapshot]) });
  (globalThis as { sesameDb?: DbHandle }).sesameDb = connect({ pglite });
}
