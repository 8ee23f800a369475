import { spawn, type ChildProcessByStdio } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import type { Readable } from "node:stream";
import { pathToFileURL } from "node:url";

export type ScriptResult = { code: number | null; stdout: string; stderr: string };

// Tests run from the repository root. Resolved from there, so a script can run in another
// working directory (`cwd`), which is where it looks for env files.
const tsx = pathToFileURL(createRequire(path.resolve("package.json")).resolve("tsx")).href;

// Runs a TypeScript entry point the way `npm run` does (tsx), with extra environment and arguments.
export function runScript(
  file: string,
  env: Record<string, string | undefined>,
  args: string[] = [],
  { cwd }: { cwd?: string } = {},
): Promise<ScriptResult> {
  const child = spawn(process.execPath, ["--import", tsx, path.resolve(file), ...args], {
    cwd,
    // The script sees exactly this environment: SKIP_ENV_FILES keeps a developer's `.env` files
    // in the repository out of it (lib/env-files.ts). A test of that loading unsets it.
    env: { ...process.env, SKIP_ENV_FILES: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return outputOf(child);
}

// Everything a child process printed, and its exit code, once it has exited.
export function outputOf(child: ChildProcessByStdio<null, Readable, Readable>): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// A port nothing listens on: bound, then released.
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
