// `npm run bench [-- --quick] [-- --pglite] [-- --no-build]`: build, start, measure, stop, report.
// Figures are ratios to a ceiling measured in the same run; see bench/README.md.
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { migrateDatabase } from "../db/migrate";
import { countSeededChallenges, recreateDatabase, seedGrowth } from "./database";
import { signIn, type Env } from "./flows";
import { load, pool } from "./load";
import { stopAll } from "./processes";
import { printReport, type Report } from "./report";
import { startApp, startStandIn } from "./servers";
import { growth, interleave, raceUnderLoad, signIns } from "./scenarios";
import { measureWeights } from "./weights";

const args = new Set(process.argv.slice(2));
const quick = args.has("--quick");
const pglite = args.has("--pglite");
const plan = quick
  ? {
      slices: 2,
      pingAmount: 100,
      floorAmount: 60,
      accountAmount: 40,
      flows: 12,
      growth: { rounds: 1, flows: 4, seconds: 1 },
      challenges: 20_000,
      sessions: 2_000,
    }
  : {
      slices: 8,
      pingAmount: 600,
      floorAmount: 400,
      accountAmount: 300,
      flows: 500,
      growth: { rounds: 6, flows: 24, seconds: 2 },
      challenges: 1_000_000,
      sessions: 100_000,
    };

const port = Number(process.env.BENCH_PORT ?? 5400);
const appUrl = `http://127.0.0.1:${port}`;
const standInUrl = `http://127.0.0.1:${port + 1}`;
const databaseUrl = pglite
  ? null
  : (process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/sesame_bench");
const pgliteDir = ".data/bench-pglite";
// Growth compares this run's database with a copy seeded with 10⁶ challenges (Postgres only:
// a second server needs a second database, and PGlite cannot be seeded while a server holds it).
const seededUrl = databaseUrl ? databaseUrl.replace(/\/(\w+)$/, "/$1_seeded") : null;

function log(message: string) {
  console.error(`[bench] ${message}`);
}

function build() {
  // --quick reuses a build that is already there (CI's e2e run has just made one).
  if (args.has("--no-build") || (quick && existsSync(".next/BUILD_ID"))) return log("reusing the existing .next build");
  log("building (npm run build)…");
  execFileSync("npm", ["run", "--silent", "build"], { stdio: ["ignore", "ignore", "inherit"] });
}

// The growth comparison's second database, seeded before its server starts.
async function prepareSeeded(url: string) {
  await recreateDatabase(url);
  await migrateDatabase({ databaseUrl: url });
  log(`seeding ${plan.challenges} expired challenges and ${plan.sessions} sessions…`);
  return seedGrowth(url, plan.challenges, plan.sessions);
}

// At least 32 sign-ins on every server before anything is measured: a new process pads the
// sign-in request to an assumed 800 ms until it has timed 29 sends of its own
// (lib/auth/sign-in.ts), which would otherwise weigh on whichever phase came first.
const paddingWarmUpFlows = 32;

// The lightest page: no cookie, no database, a few lines of text. What any page costs in this
// framework, against which /account and a flow's three page renders can be read.
const lightestPage = "/verify/error?reason=invalid";

async function warmUp(env: Env, extraFlows = 0) {
  const first = await signIn(env, "link");
  const account = { url: `${env.appUrl}/account`, headers: { cookie: first.browser.cookieHeader() } };
  await load({ url: `${env.appUrl}/api/ping` }, 8, { seconds: 1 });
  await load({ url: `${env.appUrl}${lightestPage}` }, 8, { seconds: 1 });
  await load(account, 8, { seconds: 1 });
  for (let i = 0; i < (quick ? 1 : 4); i++) await Promise.all([signIn(env, "link"), signIn(env, "code")]);
  await pool(paddingWarmUpFlows, 16, (i) => signIn(env, i % 2 ? "code" : "link"));
  if (extraFlows > 0) {
    await pool(extraFlows, 16, (i) => signIn(env, i % 2 ? "code" : "link"));
    await load(account, 32, { amount: Math.max(64, extraFlows * 4) });
  }
  return account;
}

async function main(): Promise<Report> {
  const started = Date.now();
  build();
  if (databaseUrl) {
    await recreateDatabase(databaseUrl);
    await migrateDatabase({ databaseUrl });
  } else {
    rmSync(pgliteDir, { recursive: true, force: true });
    await migrateDatabase({ pgliteDir });
  }
  const seedMs = seededUrl ? await prepareSeeded(seededUrl) : 0;
  await startStandIn(port + 1);
  const pid = await startApp(
    port,
    standInUrl,
    databaseUrl ? { DATABASE_URL: databaseUrl } : { PGLITE_DIR: pgliteDir },
    ".data/bench-server.log",
  );
  const env: Env = { appUrl, standInUrl };
  log(`server pid ${pid} on ${appUrl}, ${databaseUrl ? "Postgres" : "PGlite"}, ${quick ? "quick" : "full"} plan`);
  log("warming up…");
  const account = await warmUp(env);

  log("ceiling, lightest page and session check, interleaved…");
  const interleaved = await interleave(
    {
      ceiling: { target: { url: `${appUrl}/api/ping` }, amount: plan.pingAmount },
      floor: { target: { url: `${appUrl}${lightestPage}` }, amount: plan.floorAmount },
      session: { target: account, amount: plan.accountAmount },
    },
    plan.slices,
    pid,
  );
  log(`${plan.flows} sign-ins by link, then by code, 16 at a time…`);
  const link = await signIns(env, "link", plan.flows, 16, pid);
  const code = await signIns(env, "code", plan.flows, 16, pid);
  log("parallel redemptions under load…");
  const races = await raceUnderLoad(env, account, databaseUrl);
  log("page weights…");
  const weights = await measureWeights(appUrl, account.headers.cookie);

  let growthResult: Report["growth"] = null;
  if (seededUrl) {
    const seededEnv: Env = { appUrl: `http://127.0.0.1:${port + 2}`, standInUrl };
    await startApp(port + 2, standInUrl, { DATABASE_URL: seededUrl }, ".data/bench-server-seeded.log");
    // The first server has served thousands of requests by now; JIT-cold code would make the
    // seeded side look slower for reasons that have nothing to do with table size.
    const seededAccount = await warmUp(seededEnv, quick ? 4 : 64);
    log("growth: near-empty and seeded tables, alternating…");
    const sampled = await growth({ env, account }, { env: seededEnv, account: seededAccount }, plan.growth);
    const left = await countSeededChallenges(seededUrl);
    if (left < plan.challenges) throw new Error(`Only ${left} of ${plan.challenges} seeded challenges were left`);
    growthResult = { challenges: plan.challenges, sessions: plan.sessions, seedMs, ...sampled };
  }
  return {
    quick,
    database: databaseUrl ? "postgres" : "pglite",
    interleaved,
    link,
    code,
    races,
    weights,
    growth: growthResult,
    seconds: (Date.now() - started) / 1000,
  };
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
