import { spawn } from "node:child_process";
import { once } from "node:events";

// Runs `check` while another process (lib/test/hold-pglite.ts) holds the PGlite directory `dir`
// open, as a running server would; that process is killed (not shut down: it leaves its lock
// file behind, as a crash would) before this returns.
export async function whilePgliteHeld(dir: string, check: (ownerPid: number) => Promise<void>): Promise<void> {
  const owner = spawn(process.execPath, ["--import", "tsx", "lib/test/hold-pglite.ts", dir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await once(owner.stdout!, "data");
    await check(owner.pid!);
  } finally {
    owner.kill("SIGKILL");
    await once(owner, "exit");
  }
}
