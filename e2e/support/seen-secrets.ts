import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

// Every token, code and cookie value a test saw, one per line, so the last check of the run can
// grep the server logs for each of them. One file per worker process; cleared by global setup.
const dir = ".data/e2e-seen";

export function recordSeen(values: string[]): void {
  const lines = values.filter((v) => v.length >= 6);
  if (lines.length === 0) return;
  mkdirSync(dir, { recursive: true });
  appendFileSync(path.join(dir, `${process.pid}.txt`), `${lines.join("\n")}\n`);
}

export function readSeen(): string[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  const values = files.flatMap((f) => readFileSync(path.join(dir, f), "utf8").split("\n"));
  return [...new Set(values.filter(Boolean))];
}

export function clearSeen(): void {
  rmSync(dir, { recursive: true, force: true });
}
