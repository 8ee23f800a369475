import * as nextEnv from "@next/env";

// @next/env is CommonJS whose exports Node cannot list statically: Node's ES module loader (tsx,
// which runs the db: scripts) offers them only as `default`, while drizzle-kit, which compiles
// drizzle.config.ts to CommonJS, offers them by name.
const { loadEnvConfig } = (nextEnv as { default?: typeof nextEnv }).default ?? nextEnv;

// Next loads `.env.local` and the other env files for itself only; the db: scripts and
// drizzle.config.ts run outside it, so without this they would migrate or invite into PGlite
// while the app, reading DATABASE_URL from `.env.local`, uses Postgres. Next's own loader, so
// the files, their order and their precedence are the app's: real environment variables win over
// every file, `.env.development*` are read unless NODE_ENV=production (`.env.production*` then),
// and under NODE_ENV=test `.env.test*` replace them and `.env.local` is skipped.
//
// A function, not an import-time effect: each script calls it first, before the first readEnv;
// the app (Next has loaded its env already) and the tests (which set their own) never do.
export function loadEnvFiles(projectDir: string = process.cwd()): void {
  // Set by lib/test/run-script.ts: a script a test spawns sees the environment that test gives
  // it, never the developer's `.env` or `.env.test.local` in the repository.
  if (process.env.SKIP_ENV_FILES === "1") return;
  loadEnvConfig(projectDir, process.env.NODE_ENV !== "production");
}
