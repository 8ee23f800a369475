import { defineConfig } from "drizzle-kit";
import { loadEnvFiles } from "./lib/env-files";
import { databaseTarget, readEnv } from "./lib/env";

// `db:generate` writes SQL from db/schema.ts and connects to nothing; migrations are applied by
// scripts/migrate.ts. `db:studio` (scripts/studio.ts) browses the database the app uses, found the
// way the app and the other db: scripts find it (lib/env.ts: DATABASE_URL, else PGlite in
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
