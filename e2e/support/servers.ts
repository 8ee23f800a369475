// Where the e2e servers live, shared by playwright.config.ts, the fixtures and the specs.
// Everything the servers write goes under .data/ (git-ignored) and is recreated on every run.

export const standIn = {
  port: 3101,
  url: "http://127.0.0.1:3101",
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
  port: 3200,
  url: "http://localhost:3200",
  pgliteDir: ".data/e2e-pglite-3200",
  logFile: ".data/e2e-server.log",
  extraEnv: {},
};

// Same build, lifetimes cut to 2 s: only the expiry specs talk to it.
export const shortLivedApp: AppServer = {
  name: "app-short-lifetimes",
  port: 3201,
  url: "http://localhost:3201",
  pgliteDir: ".data/e2e-pglite-3201",
  logFile: ".data/e2e-server-3201.log",
  extraEnv: { LINK_LIFETIME_SECONDS: "2", CODE_LIFETIME_SECONDS: "2" },
};
