import { noSettingsFromEnvFiles } from "../../lib/env";

// Where the e2e servers live, shared by playwright.config.ts, the fixtures and the specs.
// Everything the servers write goes under .data/ (git-ignored) and is recreated on every run.

// E2E_PORT_BASE moves every port at once (default 3100), e.g. when those ports are taken.
const base = Number(process.env.E2E_PORT_BASE ?? 3100);

export const standIn = {
  port: base + 1,
  url: `http://127.0.0.1:${base + 1}`,
};

// Test-only values, exported so a spec can check that the server log never contains them.
export const testSecrets = {
  sessionSecret: "e2e-only-session-secret-never-used-in-production",
  resendApiKey: "re_test_key",
};

// Extra servers the Postgres specs start themselves (e2e/postgres/), clear of the ones above.
export const extraPorts = { outageApp: base + 200, outageProxy: base + 201, appA: base + 202, appB: base + 203 };

// Their output, appended across restarts and cleared at the start of each run, like the logs
// of the servers below: the leak check greps them too when the postgres project ran.
export const postgresAppLogFile = (port: number) => `.data/e2e-server-${port}.log`;
export const postgresAppLogFiles = [extraPorts.outageApp, extraPorts.appA, extraPorts.appB].map(postgresAppLogFile);

// How every app server runs: a production build (`__Host-` cookies, Secure, CSP without eval)
// sending mail through the real Resend SDK to the stand-in.
export function productionEnv(appUrl: string): Record<string, string> {
  return {
    ...noSettingsFromEnvFiles,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    // Plain text in the log file: Playwright sets FORCE_COLOR=1 for web servers, and Next
    // colours any non-empty value (NO_COLOR would make Node warn about the clash instead).
    FORCE_COLOR: "",
    APP_URL: appUrl,
    SESSION_SECRET: testSecrets.sessionSecret,
    RESEND_API_KEY: testSecrets.resendApiKey,
    RESEND_BASE_URL: standIn.url,
    EMAIL_FROM: "Sesame <auth@example.com>",
    // As behind one reverse proxy: each test sends its own X-Forwarded-For (e2e/fixtures.ts), so
    // tests get separate per-IP budgets while the production limits stay as they are.
    TRUSTED_PROXY_HOPS: "1",
  };
}

export type AppServer = {
  name: string;
  port: number;
  url: string;
  pgliteDir: string;
  // The server's stdout and stderr, migration included.
  logFile: string;
  extraEnv: Record<string, string>;
  // Addresses given an account (`npm run users:invite`) after migrating, before the server starts.
  invited: string[];
};

// The server every spec uses by default.
export const mainApp: AppServer = {
  name: "app",
  port: base + 100,
  url: `http://localhost:${base + 100}`,
  pgliteDir: `.data/e2e-pglite-${base + 100}`,
  logFile: ".data/e2e-server.log",
  extraEnv: {},
  invited: [],
};

// Same build, lifetimes cut to 2 s: only the expiry specs talk to it.
export const shortLivedApp: AppServer = {
  name: "app-short-lifetimes",
  port: base + 101,
  url: `http://localhost:${base + 101}`,
  pgliteDir: `.data/e2e-pglite-${base + 101}`,
  logFile: `.data/e2e-server-${base + 101}.log`,
  extraEnv: { LINK_LIFETIME_SECONDS: "2", CODE_LIFETIME_SECONDS: "2" },
  invited: [],
};

// Same build, sign-up invite-only (SIGN_UP): only e2e/invite-only.spec.ts talks to it. One
// invited address per browser project, so the two projects' sign-ins do not share a cooldown.
export const inviteOnlyApp: AppServer = {
  name: "app-invite-only",
  port: base + 102,
  url: `http://localhost:${base + 102}`,
  pgliteDir: `.data/e2e-pglite-${base + 102}`,
  logFile: `.data/e2e-server-${base + 102}.log`,
  extraEnv: { SIGN_UP: "invite-only" },
  invited: ["invited-desktop@example.com", "invited-mobile@example.com"],
};
