import { readFileSync } from "node:fs";

// How many migrations db/migrations holds: every one must be applied exactly once.
export function migrationCount(): number {
  const journal = readFileSync(new URL("../../db/migrations/meta/_journal.json", import.meta.url), "utf8");
  return (JSON.parse(journal) as { entries: unknown[] }).entries.length;
}
