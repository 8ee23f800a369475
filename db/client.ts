import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres, { type ReservedSql, type Sql } from "postgres";
import * as schema from "./schema";

// Both drivers expose the same query builder; the app is typed against one of them.
export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type DbHandle = { db: Db; close: () => Promise<void> };

// Opening the database: Postgres through postgres.js, or PGlite in a directory (one process at a
// time). No server-only: the scripts and next.config.ts use it outside Next.
export type DbTarget = { databaseUrl: string } | { pgliteDir: string } | { pglite: PGlite };

export function connect(target: DbTarget, options: { max?: number } = {}): DbHandle {
  if ("databaseUrl" in target) {
    const pool = openPostgres(target.databaseUrl, options.max ?? 10);
    const db = drizzlePostgres(pool.sql, { schema });
    return { db, close: pool.end };
  }
  if ("pglite" in target) {
    const db = drizzlePglite(target.pglite, { schema }) as unknown as Db;
    return { db, close: () => target.pglite.close() };
  }
  // PGlite has no lock of its own: two processes on one directory silently lose writes.
  // "memory://" (tests) has no directory to share.
  const unlock = target.pgliteDir.startsWith("memory://") ? () => {} : lockPgliteDir(target.pgliteDir);
  const pglite = new PGlite(target.pgliteDir);
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return {
    db,
    close: async () => {
      await pglite.close();
      unlock();
    },
  };
}

// postgres.js 3.4.9 mishandles a connection that drops inside `sql.begin()`
// (porsager/postgres#1208): its own ROLLBACK goes to the dead socket and throws from a
// setImmediate, and the connection keeps the failed query as current, so after the database
// comes back its queries still fail with CONNECTION_CLOSED until the process restarts.
//
// So transactions use this `begin` instead: it writes nothing more to a connection that
// dropped, and swaps in a fresh pool, letting the old one finish what it can for up to 5 s.
// The swap is invisible to Drizzle, which holds a proxy that always forwards to the live pool.
export function openPostgres(url: string, max: number): { sql: Sql; end: () => Promise<void> } {
  const open = () =>
    postgres(url, {
      max,
      // Fail fast when the database is down, so users see a 503 page instead of a hang.
      connect_timeout: 5,
      idle_timeout: 30,
      onnotice: () => {},
      ...(behindTransactionPooler(url) ? { max_pipeline: 0 } : {}),
    });
  let live = open();

  const replace = () => {
    const fresh = open();
    // Drizzle tunes the type parsers of the client it is given; the new pool needs the same.
    Object.assign(fresh.options.parsers, live.options.parsers);
    Object.assign(fresh.options.serializers, live.options.serializers);
    void live.end({ timeout: 5 }).catch(() => {});
    live = fresh;
  };

  const begin = async <T>(fn: (tx: Sql) => Promise<T>): Promise<T> => {
    const tx = await reserve(() => live);
    let dropped = false;
    try {
      await tx`begin`;
      const result = await fn(
        new Proxy(tx, { get: (_, prop) => (prop === "unsafe" ? preparedUnsafe(tx) : Reflect.get(tx, prop)) }),
      );
      await tx`commit`;
      return result;
    } catch (error) {
      dropped = isConnectionError(error);
      if (!dropped) await tx`rollback`.catch(() => (dropped = true));
      throw error;
    } finally {
      if (dropped) replace();
      else tx.release();
    }
  };

  const sql = new Proxy(live, {
    get: (_, prop) => (prop === "begin" ? begin : prop === "unsafe" ? preparedUnsafe(live) : Reflect.get(live, prop)),
    apply: (_, self, args) => Reflect.apply(live, self, args),
  });
  return { sql, end: () => live.end({ timeout: 5 }) };
}

// `?prepare=false` is how DATABASE_URL says a pooler in transaction mode is in front
// (docs/deploying.md). postgres.js then sends each query with parameters as a describe ended by a
// Flush, and when all its connections are busy it pipelines queries behind running ones. A
// PgBouncer (1.18, Debian 12's) that sees the first query's ReadyForQuery hands the server to
// another client while the pipelined describe is still being answered, and drops that answer
// ("got packet '1' from server when not linked", pgbouncer/pgbouncer#759): the request waiting
// for it hangs for good. Seen in two-instances.spec.ts's 50 parallel redemptions. So, behind a
// pooler, one query at a time per connection (`max_pipeline` 0; `?max_pipeline=` still wins).
function behindTransactionPooler(url: string): boolean {
  const params = URL.canParse(url) ? new URL(url).searchParams : new URLSearchParams();
  return params.get("prepare") === "false" && !params.has("max_pipeline");
}

// postgres.js 3.4.9 can lose a waiting `reserve()`: when a connection closes while reserves
// wait for one (its idle timer fires as a burst arrives, the server ends it), the first waiter
// is handed to the reconnect, which drops it (porsager/postgres#1195): that request would hang
// for good, and hold up the server's shutdown. So a reserve still waiting after 1 s is asked
// again (then after 2, 4, 8 s...), of the live pool; the first connection to arrive is used and
// any later one released at once. A failed ask fails the transaction (the database is down).
export function reserve(pool: () => Sql, firstRetryMs = 1000): Promise<ReservedSql> {
  return new Promise((resolve, reject) => {
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const ask = (waitMs: number) => {
      pool()
        .reserve()
        .then(
          (connection) => {
            if (done) return connection.release();
            done = true;
            clearTimeout(timer);
            resolve(connection);
          },
          (error: unknown) => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            reject(error);
          },
        );
      timer = setTimeout(() => ask(waitMs * 2), waitMs);
      timer.unref();
    };
    ask(firstRetryMs);
  });
}

// Drizzle sends every query not built with `.prepare(name)` as `unsafe(text, params,
// { prepare: false })`, overriding postgres.js's default (drizzle-orm#6096). Unprepared,
// postgres.js parses and describes each query in a round trip of its own before running it:
// two round trips per query instead of one. Measured here on the session list's query, one at
// a time on localhost: 510 → 280 µs per query and ~20 % less CPU; against a database across a
// network, each query saves a whole round trip. Drizzle's texts are parameterised and few, so
// each connection prepares each once (postgres.js re-prepares one a migration invalidated).
// `?prepare=false` in DATABASE_URL still turns preparing off, for poolers in transaction mode:
// the client's own option wins over a query's.
function preparedUnsafe(sql: Sql): Sql["unsafe"] {
  return (query, params, options) => sql.unsafe(query, params, { ...options, prepare: true });
}

// A pid file beside the data directory. A live owner means refuse; a dead one means a crash
// left the file behind, which is safe to take over.
export function lockPgliteDir(dir: string): () => void {
  const lockFile = `${path.resolve(dir)}.lock`;
  mkdirSync(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      const release = () => rmSync(lockFile, { force: true });
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(lockFile, "utf8"));
      if (owner === process.pid) return () => {};
      if (isAlive(owner)) throw new PgliteDirInUse(dir, owner);
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock PGlite data directory ${dir}`);
}

// For `next start`, which checks before serving (next.config.ts); the app itself locks on first
// use. Throws if a live process other than this one holds the directory.
export function assertPgliteDirFree(dir: string): void {
  let owner: number;
  try {
    owner = Number(readFileSync(`${path.resolve(dir)}.lock`, "utf8"));
  } catch {
    return;
  }
  if (owner !== process.pid && isAlive(owner)) throw new PgliteDirInUse(dir, owner);
}

// To the process refused, the database is unavailable (isConnectionError below): its pages answer 503.
export class PgliteDirInUse extends Error {
  readonly code = "PGLITE_DIR_IN_USE";
  constructor(dir: string, owner: number) {
    super(
      `PGlite data directory ${dir} is in use by process ${owner}. ` +
        "Stop that process first (PGlite allows one process per directory).",
    );
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// Errors that mean "the database cannot be reached or dropped us", as opposed to a bad query:
// postgres.js and Node socket codes, and SQLSTATE classes 08 (connection exception) and 57P
// (operator intervention: shutdown, crash, not accepting connections yet); and a PGlite
// directory another process holds (client.ts).
const connectionCodes = new Set([
  "PGLITE_DIR_IN_USE",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "53300",
]);

export function isConnectionError(error: unknown): boolean {
  return errorCodes(error).some((code) => connectionCodes.has(code) || code.startsWith("08") || code.startsWith("57P"));
}

// Drizzle wraps driver errors in `cause`; follow the chain a few levels.
export function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
  }
  return codes;
}

// Drizzle's query errors read "Failed query: <sql>\nparams: <values>", keep the values in
// `params`, and carry the driver's error as `cause`, whose `detail` can quote a value too
// ("Key (email)=(…) already exists"). Next logs a thrown error whole, cause included, so the
// email address of whoever hit a bug would land in the server log. What is rethrown instead
// keeps what a developer needs: the SQL text, the SQLSTATE, the constraint, and the stack.
export class DatabaseQueryError extends Error {
  override name = "DatabaseQueryError";
  constructor(
    readonly sqlText: string,
    readonly code: string | undefined,
    readonly constraint: string | undefined,
  ) {
    super(`Database query failed (${code ?? "no SQLSTATE"}${constraint ? `, ${constraint}` : ""}): ${sqlText}`);
  }
}

export function withoutQueryValues(error: unknown): unknown {
  const query: unknown = (error as { query?: unknown } | null)?.query;
  if (!(error instanceof Error) || typeof query !== "string") return error;
  const cause = (error as { cause?: Record<string, unknown> }).cause ?? {};
  const constraint = [cause.constraint_name, cause.constraint].find((c) => typeof c === "string") as string | undefined;
  const clean = new DatabaseQueryError(query, errorCodes(error).at(-1), constraint);
  // The original frames, without its first line (the message with the values).
  const frames = (error.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  clean.stack = [`${clean.name}: ${clean.message}`, ...frames].join("\n");
  return clean;
}
