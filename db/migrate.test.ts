import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { expect, it } from "vitest";
import { closedPort, runScript } from "@/lib/test/run-script";
import { migrationCount } from "@/lib/test/migrations";

// `npm run db:migrate` is `tsx db/migrate.ts`: these run that script as a separate process.

it("migrates a new PGlite directory, and a second run changes nothing", async () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "sesame-migrate-")), "pglite");
  for (let run = 0; run < 2; run++) {
    const result = await runScript("db/migrate.ts", { DATABASE_URL: "", PGLITE_DIR: dir });
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
  const result = await runScript("db/migrate.ts", {
    DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/sesame`,
  });
  expect(result.code).toBe(1);
  expect(result.stderr.trim()).toBe(`Migration failed on Postgres: connect ECONNREFUSED 127.0.0.1:${port}`);
  expect(result.stdout).not.toContain("Database migrated");
});
