import { startProcess, stopAll, waitForUrl, listeningPid, cpuMs } from "./processes";
import { signIn } from "./flows";
import { recreateDatabase } from "./database";
import { migrateDatabase } from "../db/migrate";
const port = 5450, db = "postgres://postgres@127.0.0.1:5432/sesame_probe";
await recreateDatabase(db); await migrateDatabase({ databaseUrl: db });
const si = startProcess(process.execPath, ["--import", "tsx", "e2e/support/resend-stand-in.ts"], { PORT: "5451" }, "/tmp/probe-si.log");
const prof = process.argv[2] === "prof" ? ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] : [];
const server = startProcess(process.execPath, [...prof, "node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
  NODE_ENV: "production", APP_URL: `http://127.0.0.1:${port}`, SESSION_SECRET: "bench-only-session-secret-never-used-in-production",
  RESEND_API_KEY: "re_x", RESEND_BASE_URL: "http://127.0.0.1:5451", EMAIL_FROM: "a <a@example.com>", DATABASE_URL: db, TRUSTED_PROXY_HOPS: "1",
}, "/tmp/probe.log");
try {
  await waitForUrl(`http://127.0.0.1:5451/__messages`, si, "/tmp/probe-si.log");
  await waitForUrl(`http://127.0.0.1:${port}/api/ping`, server, "/tmp/probe.log");
  const pid = listeningPid(port);
  const env = { appUrl: `http://127.0.0.1:${port}`, standInUrl: "http://127.0.0.1:5451" };
  const { browser } = await signIn(env, "link");
  const cookie = browser.cookieHeader();
  const target = process.argv[3] ?? "/account";
  const c0 = cpuMs(pid);
  const { pool } = await import("./load");
  await pool(1000, 4, async () => { const r = await fetch(`http://127.0.0.1:${port}${target}`, { headers: { cookie }, redirect: "manual" }); await r.arrayBuffer(); });
  console.log(target, "cpu ms/req", ((cpuMs(pid) - c0) / 1000).toFixed(2));
  if (prof.length) { process.kill(pid, "SIGINT"); await new Promise((r) => setTimeout(r, 3000)); }
} finally { await stopAll(); }
