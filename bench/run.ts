// `npm run bench [-- --quick] [-- --pglite] [-- --no-build]`: build, start, measure, stop, report.
// Figures are ratios to a ceiling measured in the same run; see bench/README.md.
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { migrateDatabase } from "../db/migrate";
import { recreateDatabase, seedGrowth } from "./database";
import { signIn, type Env } from "./flows";
import { load } from "./load";
import { assertPortFree, listeningPid, startProcess, stopAll, waitForUrl } from "./processes";
import { printReport, type Report } from "./report";
import { growthSample, interleave, raceUnderLoad, signIns } from "./scenarios";
import { measureWeights } from "./weights";

const args = new Set(process.argv.slice(2));
const quick = args.has("--quick");
const pglite = args.has("--pglite");
const plan = quick
  ? { slices: 2, pingAmount: 200, accountAmount: 80, flows: 24, growthFlows: 8, growthSeconds: 1, challenges: 50_000, sessions: 5_000 }
  : { slices: 8, pingAmount: 600, accountAmount: 300, flows: 500, growthFlows: 100, growthSeconds: 6, challenges: 1_000_000, sessions: 100_000 };

const port = Number(process.env.BENCH_PORT ?? 5400);
const appUrl = `http://127.0.0.1:${port}`;
const standInUrl = `http://127.0.0.1:${port + 1}`;
const databaseUrl = pglite ? null : (process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/sesame_bench");
const pgliteDir = ".data/bench-pglite";

function log(message: string) {
  console.error(`[bench] ${message}`);
}

function build() {
  // --quick reuses a build that is already there (CI's e2e run has just made one).
  if (args.has("--no-build") || (quick && existsSync(".next/BUILD_ID"))) return log("reusing the existing .next build");
  log("building (npm run build)…");
  execFileSync("npm", ["run", "--silent", "build"], { stdio: ["ignore", "ignore", "inherit"] });
}

async function startServers(): Promise<number> {
  assertPortFree(port);
  assertPortFree(port + 1);
  if (databaseUrl) {
    await recreateDatabase(databaseUrl);
    await migrateDatabase({ databaseUrl });
  } else {
    rmSync(pgliteDir, { recursive: true, force: true });
    await migrateDatabase({ pgliteDir });
  }
  const node = process.execPath;
  const standIn = startProcess(node, ["--import", "tsx", "e2e/support/resend-stand-in.ts"], { PORT: String(port + 1) }, ".data/bench-stand-in.log");
  await waitForUrl(`${standInUrl}/__messages`, standIn, ".data/bench-stand-in.log");
  const server = startProcess(
    node,
    ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      APP_URL: appUrl,
      SESSION_SECRET: "bench-only-session-secret-never-used-in-production",
      RESEND_API_KEY: "re_bench_key",
      RESEND_BASE_URL: standInUrl,
      EMAIL_FROM: "Sesame <auth@example.com>",
      // The bench speaks as a proxy: one X-Forwarded-For entry per simulated client.
      TRUSTED_PROXY_HOPS: "1",
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { PGLITE_DIR: pgliteDir }),
    },
    ".data/bench-server.log",
  );
  await waitForUrl(`${appUrl}/api/ping`, server, ".data/bench-server.log");
  return listeningPid(port);
}

async function main(): Promise<Report> {
  const started = Date.now();
  build();
  const pid = await startServers();
  const env: Env = { appUrl, standInUrl };
  log(`server pid ${pid} on ${appUrl}, ${databaseUrl ? "Postgres" : "PGlite"}, ${quick ? "quick" : "full"} plan`);

  const first = await signIn(env, "link");
  const ping = { url: `${appUrl}/api/ping` };
  const account = { url: `${appUrl}/account`, headers: { cookie: first.browser.cookieHeader() } };
  log("warming up…");
  await load(ping, 8, { seconds: 1 });
  await load(account, 8, { seconds: 1 });
  for (let i = 0; i < (quick ? 2 : 4); i++) await Promise.all([signIn(env, "link"), signIn(env, "code")]);

  log("ceiling and session check, interleaved…");
  const interleaved = await interleave(ping, account, plan, pid);
  log(`${plan.flows} sign-ins by link, then by code, 16 at a time…`);
  const link = await signIns(env, "link", plan.flows, 16, pid);
  const code = await signIns(env, "code", plan.flows, 16, pid);
  log("parallel redemptions under load…");
  const races = await raceUnderLoad(env, account, databaseUrl);
  log("page weights…");
  const weights = await measureWeights(appUrl, account.headers.cookie);

  let growth: Report["growth"] = null;
  if (databaseUrl) {
    // Measured late, when the server is as warm as it will be after seeding: the tables then hold
    // only this run's few hundred rows, "empty" next to what is seeded.
    log("growth baseline on near-empty tables…");
    const emptyTables = await growthSample(env, account, plan.growthFlows, plan.growthSeconds);
    log(`seeding ${plan.challenges} expired challenges and ${plan.sessions} sessions…`);
    const seedMs = await seedGrowth(databaseUrl, plan.challenges, plan.sessions);
    const fullTables = await growthSample(env, account, plan.growthFlows, plan.growthSeconds);
    growth = { ...plan, seedMs, emptyTables, fullTables };
  }
  return { quick, database: databaseUrl ? "postgres" : "pglite", interleaved, link, code, races, weights, growth, seconds: (Date.now() - started) / 1000 };
}

let failed = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void stopAll().then(() => process.exit(130)));
}
try {
  const report = await main();
  failed = !printReport(report);
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await stopAll();
}
process.exit(failed ? 1 : 0);
