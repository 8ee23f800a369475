import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { isConnectionError } from "@/db/client";
import { whilePgliteHeld } from "@/lib/test/pglite-owner";
import { runScript } from "@/lib/test/run-script";
import { PgliteDirInUse } from "./client";

// PGlite has no lock of its own: two processes on one directory silently lose writes.
it("refuses a second process on the same PGlite directory, naming the owner, until it exits", async () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "sesame-lock-")), "pglite");
  await whilePgliteHeld(dir, async (ownerPid) => {
    expect(existsSync(`${dir}.lock`)).toBe(true);
    const second = await runScript("scripts/migrate.ts", { DATABASE_URL: "", PGLITE_DIR: dir });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `Migration failed on PGlite (${dir}): PGlite data directory ${dir} is in use by process ${ownerPid}.`,
    );
    expect(second.stderr).not.toMatch(/^\s+at /m);
  });
  // A crash leaves the lock file behind; a dead owner's lock is taken over.
  expect(existsSync(`${dir}.lock`)).toBe(true);
  const after = await runScript("scripts/migrate.ts", { DATABASE_URL: "", PGLITE_DIR: dir });
  expect(after.stdout).toContain("Database migrated");
  expect(after.code).toBe(0);
  // Each step opens a new PGlite (WebAssembly Postgres): seconds apiece on a busy machine.
}, 120_000);

// What an app process makes of it, should a second server get past next.config.ts's check
// (both starting at once): the database is unavailable, so its pages answer 503, not 500.
it("counts a directory in use as the database being unavailable", () => {
  expect(isConnectionError(new PgliteDirInUse("/data/pglite", 1234))).toBe(true);
});
