import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { closedPort, runScript } from "@/lib/test/run-script";
import { migrationCount } from "@/lib/test/migrations";

// `npm run db:migrate` is `tsx scripts/migrate.ts`: these run that script as a separate process.

it("migrates a new PGlite directory, and a second run changes nothing", async () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "sesame-migrate-")), "pglite");
  for (let run = 0; run < 2; run++) {
    const result = await runScript("scripts/migrate.ts", { DATABASE_URL: "", PGLITE_DIR: dir });
    expect(result.stdout).toContain(`Database migrated: PGlite (${dir})`);
    expect(result.code).toBe(0);
  }
  const pglite = new PGlite(dir);
  const { rows } = await pglite.query("select count(*)::int as n from drizzle.__drizzle_migrations");
  await pglite.close();
  expect(rows).toEqual([{ n: migrationCount() }]);
  // Creating a PGlite directory takes seconds on a busy machine.
}, 120_000);

it("refuses with a one-line reason, and no stack trace, when Postgres is unreachable", async () => {
  const port = await closedPort();
  const result = await runScript("scripts/migrate.ts", {
    DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/sesame`,
  });
  expect(result.code).toBe(1);
  expect(result.stderr.trim()).toBe(`Migration failed on Postgres: connect ECONNREFUSED 127.0.0.1:${port}`);
  expect(result.stdout).not.toContain("Database migrated");
});

// Issue 18 §5. Checked to fail on main, where readEnv threw outside the try: a stack trace.
it("refuses with a one-line reason, and no stack trace, when a production variable is missing", async () => {
  const result = await runScript("scripts/migrate.ts", {
    NODE_ENV: "production",
    APP_URL: undefined,
    SESSION_SECRET: undefined,
    RESEND_API_KEY: undefined,
    EMAIL_FROM: undefined,
    DATABASE_URL: "postgres://postgres@127.0.0.1:1/sesame",
  });
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split("\n")).toEqual([
    "Cannot migrate: Missing in production: APP_URL, SESSION_SECRET, RESEND_API_KEY, EMAIL_FROM (see .env.example; SESSION_SECRET must not be its placeholder)",
  ]);
  expect(result.stdout).toBe("");
});

// `npm run dev` migrates, then starts Next, which reads `.env.local`: the script must find the
// same database there, or the app meets an unmigrated one (42P01 on the first sign-in).
describe("reads the env files Next reads", () => {
  const projectWith = (envLocal: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), "sesame-env-files-"));
    writeFileSync(path.join(dir, ".env.local"), envLocal);
    return dir;
  };
  // As `npm run db:migrate` from a shell: no database variables, NODE_ENV unset (development),
  // env files not skipped as they are for the other scripts the tests run.
  const shell = { DATABASE_URL: undefined, PGLITE_DIR: undefined, NODE_ENV: undefined, SKIP_ENV_FILES: undefined };

  it("migrates the database .env.local names", async () => {
    const project = projectWith("PGLITE_DIR=from-env-local\n");
    const result = await runScript("scripts/migrate.ts", shell, [], { cwd: project });
    expect(result.stdout).toContain("Database migrated: PGlite (from-env-local)");
    expect(result.code).toBe(0);
    const pglite = new PGlite(path.join(project, "from-env-local"));
    const { rows } = await pglite.query("select count(*)::int as n from drizzle.__drizzle_migrations");
    await pglite.close();
    expect(rows).toEqual([{ n: migrationCount() }]);
  }, 120_000);

  it("lets a real environment variable win over .env.local", async () => {
    const [fromFile, fromEnv] = [await closedPort(), await closedPort()];
    const project = projectWith(`DATABASE_URL=postgres://postgres@127.0.0.1:${fromFile}/sesame\n`);
    const result = await runScript(
      "scripts/migrate.ts",
      { ...shell, DATABASE_URL: `postgres://postgres@127.0.0.1:${fromEnv}/sesame` },
      [],
      { cwd: project },
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`Migration failed on Postgres: connect ECONNREFUSED 127.0.0.1:${fromEnv}`);
  });
});
