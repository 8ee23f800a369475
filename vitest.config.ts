import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// Every integration suite runs on PGlite, and again on real Postgres when TEST_DATABASE_URL
// names a server (CI sets it): the two engines differ (PGlite is Postgres 18, CI's is 15).
const engines = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

// TEST_PGBOUNCER_URL names a PgBouncer in transaction mode in front of that server (.ci/pgbouncer):
// the sign-in, code, session-check and race suites, and migrating, run once more through it,
// with `?prepare=false` as docs/deploying.md tells deployments behind such a pooler.
const throughPooler = [
  "lib/auth/sign-in.test.ts",
  "lib/auth/redeem.code.test.ts",
  "lib/auth/redeem.link.test.ts",
  "lib/auth/session.current.test.ts",
  "lib/auth/session.sign-out-race.pg.test.ts",
  "db/migrate.pg.test.ts",
  "db/client.pooler.pg.test.ts",
];

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside React Server Components; the logic under test is server code.
      "server-only": fileURLToPath(new URL("./lib/test/empty.ts", import.meta.url)),
    },
  },
  test: {
    projects: [
      ...engines.map((engine) => ({
        extends: true as const,
        test: {
          name: engine,
          include: ["lib/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts"],
          // *.pg.test.ts need a real server (they cut its connections through a TCP proxy); the db/
          // script suites test PGlite directories and unreachable servers, the same on both runs.
          exclude: [
            "**/node_modules/**",
            ...(engine === "pglite"
              ? ["**/*.pg.test.ts"]
              : ["db/migrate.test.ts", "db/client.pglite-lock.test.ts", "lib/production-start.test.ts"]),
          ],
          setupFiles: ["./lib/test/setup-db.ts"],
          globalSetup: engine === "pglite" ? ["./lib/test/pglite-snapshot.ts"] : [],
          env: { TEST_DB_ENGINE: engine, SESSION_SECRET: "test-secret-that-is-at-least-32-chars-long" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      })),
      ...(process.env.TEST_DATABASE_URL && process.env.TEST_PGBOUNCER_URL
        ? [
            {
              extends: true as const,
              test: {
                name: "pgbouncer",
                include: throughPooler,
                setupFiles: ["./lib/test/setup-db.ts"],
                env: { TEST_DB_ENGINE: "pgbouncer", SESSION_SECRET: "test-secret-that-is-at-least-32-chars-long" },
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
    ],
  },
});
