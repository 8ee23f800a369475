import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { readSeen } from "./support/seen-secrets";
import { inviteOnlyApp, mainApp, shortLivedApp, testSecrets } from "./support/servers";

// Runs after every other project (see playwright.config.ts): the fixtures recorded each link
// token, code and cookie value the suite saw, and none of them may appear in what the servers
// printed during the whole run. It fails if any of them appears (e.g. a `console.log(url)` in
// request-sign-in.ts); the count check keeps it from passing on an empty record.
test("the server output of the whole run holds no token, code, cookie or key it saw", async () => {
  const logs = [mainApp, shortLivedApp, inviteOnlyApp]
    .map((server) => readFileSync(server.logFile, "utf8"))
    .join("\n");
  expect(logs).toContain("Ready");
  const seen = readSeen();
  // A real run signs in dozens of times; an empty record would make this check vacuous.
  expect(seen.length).toBeGreaterThan(20);
  const leaked = seen.filter((value) =>
    /^\d{6}$/.test(value) ? new RegExp(`(?<!\\d)${value}(?!\\d)`).test(logs) : logs.includes(value),
  );
  expect(leaked).toEqual([]);
  for (const key of Object.values(testSecrets)) expect(logs).not.toContain(key);
});
