import { defineConfig } from "drizzle-kit";

// `db:generate` writes SQL from db/schema.ts and connects to nothing; migrations are applied by
// db/migrate.ts. `db:studio` (db/studio.ts) browses the database the app uses: DATABASE_URL, or
// PGlite in PGLITE_DIR. An empty value counts as unset, as in lib/env-schema.ts.
const databaseUrl = process.env.DATABASE_URL || undefined;
const pgliteDir = process.env.PGLITE_DIR || ".data/pglite";

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
  ...(databaseUrl ? { dbCredentials: { url: databaseUrl } } : { driver: "pglite", dbCredentials: { url: pgliteDir } }),
});
