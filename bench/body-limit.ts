// `npm run bench:body-limit [-- --no-build]`: the figure of issue 18 §3. 20 parallel 10 MB POSTs
// of unstated length (chunked) to every POST endpoint, one endpoint after another, while
// GET /api/ping is loaded; prints how fast each was refused and /api/ping's p99 under that
// attack against idle. Targets: every refusal < 1 s, p99 under attack ≤ 2× idle. Printed, not
// enforced (the machine is shared); it exits non-zero only when a body was not refused.
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { request } from "node:http";
import { migrateDatabase } from "../db/migrate";
import { routes } from "../lib/routes";
import { load } from "./load";
import { stopAll } from "./processes";
import { startApp, startStandIn } from "./servers";

const port = Number(process.env.BENCH_PORT ?? 5400);
const appUrl = `http://127.0.0.1:${port}`;
const pgliteDir = ".data/bench-body-pglite";
const parallel = 20;
const bodyBytes = 10 * 1024 * 1024;
// Where a browser POSTs: the server actions' pages (a made-up action id: the body is refused
// before Next would look it up) and the confirm page's route handler.
const endpoints = [routes.login, routes.checkEmail, routes.account, routes.verify];

const log = (message: string) => console.error(`[bench:body-limit] ${message}`);

// One POST without Content-Length (node:http then sends it chunked), written in 64 kB chunks as
// fast as the socket takes them, until the answer comes or 10 MB are sent.
function chunkedPost(path: string): Promise<{ status: number; ms: number; sentBytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    let answered = false;
    const req = request(`${appUrl}${path}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Next-Action": "0".repeat(42),
        "X-Forwarded-For": "10.255.0.2",
      },
    });
    req.on("response", (res) => {
      answered = true;
      const ms = performance.now() - started;
      res.resume();
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, ms, sentBytes: sent });
      });
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const write = () => {
      while (!answered && sent < bodyBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

async function main() {
  if (!process.argv.includes("--no-build") || !existsSync(".next/BUILD_ID")) {
    log("building (npm run build)…");
    execFileSync("npm", ["run", "--silent", "build"], { stdio: ["ignore", "ignore", "inherit"] });
  }
  rmSync(pgliteDir, { recursive: true, force: true });
  await migrateDatabase({ pgliteDir });
  await startStandIn(port + 1);
  await startApp(port, `http://127.0.0.1:${port + 1}`, { PGLITE_DIR: pgliteDir }, ".data/bench-body-server.log");
  const ping = { url: `${appUrl}/api/ping` };
  await load(ping, 8, { seconds: 1 });
  // A first POST per endpoint warms that path up, so the first wave does not time compilation.
  for (const path of endpoints) await chunkedPost(path);
  const idle = await load(ping, 8, { amount: 800 });
  log(`idle /api/ping p99 ${idle.p99} ms`);

  const rows = [];
  let unrefused = 0;
  for (const path of endpoints) {
    const attack = Promise.all(Array.from({ length: parallel }, () => chunkedPost(path)));
    const underAttack = await load(ping, 8, { amount: 800 });
    const answers = await attack;
    const refused = answers.filter((a) => a.status === 411 || a.status === 413).length;
    unrefused += parallel - refused;
    const slowest = Math.max(...answers.map((a) => a.ms));
    const statuses = [...new Set(answers.map((a) => a.status))].join("/");
    const sentMb = answers.reduce((sum, a) => sum + a.sentBytes, 0) / parallel / 1024 / 1024;
    rows.push({ path, statuses, refused, slowest, sentMb, p99: underAttack.p99 });
  }

  console.log(
    `\n${parallel} parallel ${bodyBytes / 1024 / 1024} MB chunked POSTs per endpoint, /api/ping loaded with 8 connections`,
  );
  console.log(
    "| endpoint | answers | refused | slowest refusal | MB sent before the answer (mean) | /api/ping p99 under attack | ÷ idle p99 |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  for (const r of rows) {
    const ratio = r.p99 / Math.max(1, idle.p99);
    console.log(
      `| POST ${r.path} | ${r.statuses} | ${r.refused}/${parallel} | ${r.slowest.toFixed(0)} ms (target < 1000) | ${r.sentMb.toFixed(1)} | ${r.p99} ms | ${ratio.toFixed(2)} (target ≤ 2) |`,
    );
  }
  console.log(`idle /api/ping p99: ${idle.p99} ms`);
  console.log(JSON.stringify({ idleP99: idle.p99, endpoints: rows }));
  if (unrefused > 0) throw new Error(`${unrefused} oversized bodies were not refused`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(stopAll);
