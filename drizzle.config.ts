import { defineConfig } from "drizzle-kit";
import { loadEnvFiles } from "./lib/env-files";
import { databaseTarget, readEnv } from "./lib/env-schema";

// `db:generate` writes SQL from db/schema.ts and connects to nothing; migrations are applied by
// db/migrate.ts. `db:studio` (db/studio.ts) browses the database the app uses, found the way the
// app and the other db: scripts find it (lib/env-schema.ts: DATABASE_URL, else PGlite in
// PGLITE_DIR, empty values counting as unset, `.env.local` and the other env files included).
loadEnvFiles();
const target = databaseTarget(readEnv());

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
  ...("databaseUrl" in target
    ? { dbCredentials: { url: target.databaseUrl } }
    : { driver: "pglite", dbCredentials: { url: target.pgliteDir } }),
});
