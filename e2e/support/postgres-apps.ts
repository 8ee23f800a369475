import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import postgres from "postgres";
import { runScript } from "../../lib/test/run-script";
import { postgresAppLogFile, productionEnv } from "./servers";

// For e2e/postgres/: a new database on the TEST_DATABASE_URL server, migrated with the real
// script, and `next start` processes (the existing build) that the spec starts and stops.
export type TestDatabase = { url: string; sql: postgres.Sql; drop(): Promise<void> };

export async function createDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL!;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const name = `sesame_e2e_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  // E2E_PGBOUNCER_URL (.ci/run's second pass of two-instances.spec.ts): the apps and the migration
  // reach the database through PgBouncer in transaction mode, as docs/deploying.md tells teams
  // behind such a pooler to. `sql`, the spec's own look at the rows, stays direct.
  const pooler = process.env.E2E_PGBOUNCER_URL;
  const url = new URL(pooler ?? serverUrl);
  url.pathname = `/${name}`;
  if (pooler) url.searchParams.set("prepare", "false");
  const direct = new URL(serverUrl);
  direct.pathname = `/${name}`;
  const migrated = await runScript("scripts/migrate.ts", { DATABASE_URL: url.toString() });
  if (migrated.code !== 0) throw new Error(`migration failed: ${migrated.stderr}`);
  const sql = postgres(direct.toString(), { max: 2, onnotice: () => {} });
  return {
    url: url.toString(),
    sql,
    drop: async () => {
      await sql.end();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export type RunningApp = { url: string; logFile: string; stop(): Promise<void> };

// As `npm start` runs the server: with the preload that appends the socket peer to
// X-Forwarded-For, without which a client-written entry could pass for the client's address.
// Checked against package.json, so the two cannot drift apart.
const preload = "--import ./server/append-forwarded-for.mjs";
const startScript = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { start: string } }).scripts.start;
if (!startScript.includes(preload)) throw new Error(`package.json's start script no longer preloads: ${preload}`);

export async function startApp(port: number, databaseUrl: string): Promise<RunningApp> {
  const url = `http://localhost:${port}`;
  mkdirSync(".data", { recursive: true });
  const logFile = postgresAppLogFile(port);
  const log = createWriteStream(logFile, { flags: "a" });
  const nodeOptions = [process.env.NODE_OPTIONS, preload].filter(Boolean).join(" ");
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env: {
      ...process.env,
      ...productionEnv(url),
      NODE_OPTIONS: nodeOptions,
      DATABASE_URL: databaseUrl,
      PGLITE_DIR: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start on ${port} exited; see ${logFile}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`next start on ${port} not healthy; see ${logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    logFile,
    // Next waits for requests in flight before it exits; one that never ends (the hang this
    // guards against in two-instances.spec.ts) would keep the process, and the database it
    // holds connections to, for good: after 10 s it is killed, so afterAll can drop the database.
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(killer);
      }
      log.end();
    },
  };
}

// The sign-in email's link, pointed at another instance.
export function onInstance(link: string, appUrl: string): string {
  const url = new URL(link);
  return `${appUrl}${url.pathname}${url.search}`;
}
