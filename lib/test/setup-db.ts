import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";
import postgres from "postgres";
import { migrateDatabase } from "@/db/migrate";

// Each test file gets a fresh, migrated database of its own: an in-memory PGlite, or a new
// database on the Postgres server named by TEST_DATABASE_URL (dropped afterwards).
const engine = process.env.TEST_DB_ENGINE;

if (engine === "postgres") {
  const serverUrl = process.env.TEST_DATABASE_URL!;
  const name = `sesame_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  await migrateDatabase({ databaseUrl: process.env.DATABASE_URL });
  afterAll(async () => {
    const { closeDb } = await import("@/db");
    await closeDb();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = "memory://";
  const { db } = await import("@/db");
  // In-memory PGlite lives inside this process, so migrate through the app's own client.
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  await migrate(db() as never, { migrationsFolder: new URL("../../db/migrations", import.meta.url).pathname });
}
