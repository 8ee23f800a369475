// Every process the bench starts, and how it stops them all again (their whole process groups).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync, readFileSync } from "node:fs";
import path from "node:path";

const started: ChildProcess[] = [];

export function startProcess(command: string, args: string[], env: Record<string, string>, logFile: string) {
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = openSync(logFile, "w");
  // detached: its own process group, so stopping it also stops whatever it spawned.
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", log, log], detached: true });
  started.push(child);
  return child;
}

export async function stopAll(): Promise<void> {
  const alive = started.splice(0).filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of alive) signalGroup(child, "SIGTERM");
  const deadline = Date.now() + 5000;
  while (alive.some((child) => child.exitCode === null && child.signalCode === null) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const child of alive) signalGroup(child, "SIGKILL");
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

export async function waitForUrl(url: string, child: ChildProcess, logFile: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`Process exited early; see ${logFile}:\n${readFileSync(logFile, "utf8").slice(-2000)}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s; see ${logFile}`);
}

// A server left on the port would be measured instead of ours: refuse to start beside one.
export function assertPortFree(port: number) {
  const out = execFileSync("ss", ["-Hltn", `sport = :${port}`], { encoding: "utf8" });
  if (out.trim()) throw new Error(`Port ${port} is in use; set BENCH_PORT to another base port`);
}

// `next start` may serve from a child process: the server is whoever listens on the port.
export function listeningPid(port: number): number {
  const out = execFileSync("ss", ["-Hltnp", `sport = :${port}`], { encoding: "utf8" });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) throw new Error(`No process listens on port ${port}`);
  return Number(pid);
}

const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

// User + system CPU time of a process so far, in ms, as the kernel counts it.
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}
