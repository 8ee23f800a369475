import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string;
  }
}

// A new PGlite spends seconds of CPU in initdb. Migrate one instance once per run and hand
// each test file a copy of its data directory (a tarball), loaded in a fraction of the time.
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "sesame-pglite-"));
  const file = path.join(dir, "migrated.tar");
  const pglite = new PGlite("memory://");
  await migrate(drizzle(pglite), { migrationsFolder: new URL("../../db/migrations", import.meta.url).pathname });
  const dump = await pglite.dumpDataDir("none");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  project.provide("pgliteSnapshot", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
