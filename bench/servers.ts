// The servers a run starts: the app as deployments run it, and the Resend stand-in it sends to.
import { noSettingsFromEnvFiles } from "../lib/env";
import { assertPortFree, listeningPid, startProcess, waitForUrl } from "./processes";

// Known to the bench so it can read which session a cookie carries (scenarios.ts's race).
export const benchSessionSecret = "bench-only-session-secret-never-used-in-production";

export type AppDatabase = { DATABASE_URL: string } | { PGLITE_DIR: string };

function appEnv(appPort: number, standInUrl: string, database: AppDatabase) {
  return {
    ...noSettingsFromEnvFiles,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    APP_URL: `http://127.0.0.1:${appPort}`,
    SESSION_SECRET: benchSessionSecret,
    RESEND_API_KEY: "re_bench_key",
    RESEND_BASE_URL: standInUrl,
    EMAIL_FROM: "Sesame <auth@example.com>",
    // The bench speaks as a proxy: one X-Forwarded-For entry per simulated client.
    TRUSTED_PROXY_HOPS: "1",
    // 500 flows in a few minutes exceed the default deployment-wide cap of 120 sends a minute;
    // the bench measures sign-in, not the cap (which lib/auth/throttle.limits.test.ts pins).
    GLOBAL_SENDS_PER_MINUTE: "1000000",
    ...database,
  };
}

// `next start` on 127.0.0.1:appPort; resolves to the pid of the process listening there.
export async function startApp(appPort: number, standInUrl: string, database: AppDatabase, logFile: string) {
  assertPortFree(appPort);
  const server = startProcess(
    process.execPath,
    // The same preload `npm start` uses, so the bench measures what deployments run.
    [
      "--import",
      "./server/append-forwarded-for.mjs",
      "node_modules/next/dist/bin/next",
      "start",
      "-p",
      String(appPort),
      "-H",
      "127.0.0.1",
    ],
    appEnv(appPort, standInUrl, database),
    logFile,
  );
  await waitForUrl(`http://127.0.0.1:${appPort}/api/ping`, server, logFile);
  return listeningPid(appPort);
}

export async function startStandIn(port: number) {
  assertPortFree(port);
  const log = ".data/bench-stand-in.log";
  const standIn = startProcess(
    process.execPath,
    ["--import", "tsx", "e2e/support/resend-stand-in.ts"],
    { PORT: String(port) },
    log,
  );
  await waitForUrl(`http://127.0.0.1:${port}/__messages`, standIn, log);
}
