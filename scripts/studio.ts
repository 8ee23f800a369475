import { spawn } from "node:child_process";
import { lockPgliteDir } from "../db/client";
import { loadEnvFiles } from "../lib/env-files";
import { databaseTarget, readEnv } from "../lib/env";

// `npm run db:studio`: Drizzle Studio on the app's database (drizzle.config.ts picks it).
// PGlite has no lock of its own and two processes on one directory silently lose writes, so
// Studio holds the app's lock for its lifetime: it refuses while `next dev` runs, and vice versa.
// drizzle-kit inherits what this loads, so Studio and this lock agree on the database.
loadEnvFiles();
const target = databaseTarget(readEnv());
if ("pgliteDir" in target) {
  try {
    lockPgliteDir(target.pgliteDir);
  } catch (error) {
    console.error(`Drizzle Studio not started: ${(error as Error).message}`);
    process.exit(1);
  }
}

// Loopback only: Studio runs any SQL posted to it, so it must not be reachable from the network.
const studio = spawn("drizzle-kit", ["studio", "--host", "127.0.0.1", ...process.argv.slice(2)], {
  stdio: "inherit",
});

// Ctrl-C reaches Studio too; wait for it to stop, then exit normally so the lock is released.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => studio.kill(signal));
}
studio.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
