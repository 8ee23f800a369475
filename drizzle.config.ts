import { defineConfig } from "drizzle-kit";

// Only used to generate SQL from db/schema.ts; migrations are applied by db/migrate.ts,
// which works for both PGlite and Postgres.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
