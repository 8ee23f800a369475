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

export type AppServer = {
  name: string;
  port: number;
  url: string;
  pgliteDir: string;
  // The server's stdout and stderr, migration included.
  logFile: string;
  extraEnv: Record<string, string>;
};

// The server every spec uses by default.
export const mainApp: AppServer = {
  name: "app",
  port: base + 100,
  url: `http://localhost:${base + 100}`,
  pgliteDir: `.data/e2e-pglite-${base + 100}`,
  logFile: ".data/e2e-server.log",
  extraEnv: {},
};

// Same build, lifetimes cut to 2 s: only the expiry specs talk to it.
export const shortLivedApp: AppServer = {
  name: "app-short-lifetimes",
  port: base + 101,
  url: `http://localhost:${base + 101}`,
  pgliteDir: `.data/e2e-pglite-${base + 101}`,
  logFile: `.data/e2e-server-${base + 101}.log`,
  extraEnv: { LINK_LIFETIME_SECONDS: "2", CODE_LIFETIME_SECONDS: "2" },
};
