import { rmSync } from "node:fs";
import { clearSeen } from "./seen-secrets";
import { postgresAppLogFiles } from "./servers";

// A fresh record of seen secrets per run, like the fresh server logs (the web servers' are
// recreated by playwright.config.ts; the Postgres specs' servers append to theirs).
export default function globalSetup(): void {
  clearSeen();
  for (const file of postgresAppLogFiles) rmSync(file, { force: true });
}
