import { existsSync, readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { readSeen } from "./support/seen-secrets";
import { inviteOnlyApp, mainApp, postgresAppLogFiles, shortLivedApp, testSecrets } from "./support/servers";

// Runs after every other project (see playwright.config.ts): the fixtures recorded each link
// token, code and cookie value the suite saw (every Set-Cookie of every response, so cookies
// that live for part of a test count too: e2e/support/record-cookies.ts), and none of them may
// appear in what the servers printed during the whole run — the e2e/postgres servers' output
// included when that project ran (with TEST_DATABASE_URL it is a dependency of this one).
// It fails if any of them appears (e.g. a `console.log(url)` in sign-in.ts); the count
// check keeps it from passing on an empty record.
// How it was checked to fail: with the binding cookie's sealed value logged in cookies.ts
// (a cookie the fixtures' end-of-test snapshot never held, since sign-in clears it), it failed.
const logFiles = [
  mainApp.logFile,
  shortLivedApp.logFile,
  inviteOnlyApp.logFile,
  ...(process.env.TEST_DATABASE_URL ? postgresAppLogFiles : []),
];

test("the server output of the whole run holds no token, code, cookie or key it saw", async () => {
  for (const file of logFiles) expect(existsSync(file), `${file} was written this run`).toBe(true);
  const outputs = logFiles.map((file) => readFileSync(file, "utf8"));
  for (const output of outputs) expect(output).toContain("Ready");
  const logs = outputs.join("\n");
  const seen = readSeen();
  // A real run signs in dozens of times; an empty record would make this check vacuous.
  expect(seen.length).toBeGreaterThan(20);
  const leaked = seen.filter((value) =>
    /^\d{6}$/.test(value) ? new RegExp(`(?<!\\d)${value}(?!\\d)`).test(logs) : logs.includes(value),
  );
  expect(leaked).toEqual([]);
  for (const key of Object.values(testSecrets)) expect(logs).not.toContain(key);
});
