import { existsSync } from "node:fs";
import { chromium, defineConfig, devices } from "@playwright/test";
import { inviteOnlyApp, mainApp, productionEnv, shortLivedApp, standIn, type AppServer } from "./e2e/support/servers";

// Playwright cannot download its browsers here: use its own Chromium when present, else the
// system one (Debian's `chromium`, or CHROMIUM_PATH).
const executablePath = existsSync(chromium.executablePath())
  ? undefined
  : (process.env.CHROMIUM_PATH ?? "/usr/bin/chromium");

// The app runs as a production build against a fresh PGlite directory each run.
function appEnv(server: AppServer): Record<string, string> {
  return { ...productionEnv(server.url), PGLITE_DIR: server.pgliteDir, ...server.extraEnv };
}

// Migrate a fresh data directory, then `next start`, logging to a file (a spec greps it for
// leaked secrets) and to the test output. PGlite allows one process per directory: nothing else
// opens it. Web servers start one after another, so the first one builds and the second reuses
// the build; the build's output is shown only when it fails.
function appWebServer(server: AppServer, { build }: { build: boolean }) {
  const { pgliteDir, logFile, port, invited } = server;
  const buildLog = ".data/e2e-build.log";
  const invite = invited.length > 0 ? `npm run --silent users:invite -- ${invited.join(" ")} && ` : "";
  const steps = [
    `mkdir -p .data && rm -rf ${pgliteDir} ${pgliteDir}.lock ${logFile}`,
    ...(build ? [`(npm run --silent build > ${buildLog} 2>&1 || (cat ${buildLog}; exit 1))`] : []),
    `(npm run --silent db:migrate && ${invite}exec npm start --silent -- -p ${port}) 2>&1 | tee ${logFile}`,
  ];
  return {
    name: server.name,
    command: steps.join(" && "),
    env: appEnv(server),
    url: `${server.url}/login`,
    // A fresh database each run: never attach to a server left over from elsewhere.
    reuseExistingServer: false,
    stdout: "pipe" as const,
    timeout: (build ? 240 : 60) * 1000,
  };
}

// E2E_SKIP_BUILD=1 reuses the existing .next build when iterating on specs.
const build = process.env.E2E_SKIP_BUILD !== "1";

export default defineConfig({
  testDir: "./e2e",
  globalSetup: "./e2e/support/global-setup.ts",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: "list",
  // Two cores run two app servers, the stand-in and two browsers at once.
  timeout: 45_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: mainApp.url,
    trace: "retain-on-failure",
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    // Tests tagged for one kind of device run only in that project.
    { name: "desktop", use: { ...devices["Desktop Chrome"] }, grepInvert: /@mobile/, testIgnore: "postgres/**" },
    { name: "mobile", use: { ...devices["Pixel 7"] }, grepInvert: /@desktop/, testIgnore: "postgres/**" },
    // Outages and two instances on one database need real Postgres: only with TEST_DATABASE_URL
    // (CI sets it). These specs start their own app servers on a new database.
    ...(process.env.TEST_DATABASE_URL
      ? [{ name: "postgres", use: { ...devices["Desktop Chrome"] }, testDir: "./e2e/postgres" }]
      : []),
    // `npm run screenshots` only: retakes the README's pictures (docs/screenshots/).
    ...(process.env.SCREENSHOTS === "1" ? [{ name: "screenshots", testMatch: /\.shots\.ts$/ }] : []),
    // Last, once every other test has run: the server logs hold none of the secrets they saw.
    {
      name: "leaks",
      testMatch: /\.check\.ts$/,
      dependencies: ["desktop", "mobile", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])],
    },
  ],
  webServer: [
    {
      name: "resend",
      command: "node --import tsx e2e/support/resend-stand-in.ts",
      env: { PORT: String(standIn.port) },
      url: `${standIn.url}/__messages`,
      reuseExistingServer: false,
      timeout: 15_000,
    },
    appWebServer(mainApp, { build }),
    appWebServer(shortLivedApp, { build: false }),
    appWebServer(inviteOnlyApp, { build: false }),
  ],
});
