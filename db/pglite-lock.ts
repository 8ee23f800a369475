import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

// A pid file beside the data directory. A live owner means refuse; a dead one means a crash
// left the file behind, which is safe to take over.
export function lockPgliteDir(dir: string): () => void {
  const lockFile = `${path.resolve(dir)}.lock`;
  mkdirSync(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      const release = () => rmSync(lockFile, { force: true });
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(lockFile, "utf8"));
      if (owner === process.pid) return () => {};
      if (isAlive(owner)) throw new PgliteDirInUse(dir, owner);
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock PGlite data directory ${dir}`);
}

// For `next start`, which checks before serving (next.config.ts); the app itself locks on first
// use. Throws if a live process other than this one holds the directory.
export function assertPgliteDirFree(dir: string): void {
  let owner: number;
  try {
    owner = Number(readFileSync(`${path.resolve(dir)}.lock`, "utf8"));
  } catch {
    return;
  }
  if (owner !== process.pid && isAlive(owner)) throw new PgliteDirInUse(dir, owner);
}

// To the process refused, the database is unavailable (db/errors.ts): its pages answer 503.
export class PgliteDirInUse extends Error {
  readonly code = "PGLITE_DIR_IN_USE";
  constructor(dir: string, owner: number) {
    super(
      `PGlite data directory ${dir} is in use by process ${owner}. ` +
        "Stop that process first (PGlite allows one process per directory).",
    );
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
