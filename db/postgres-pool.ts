import postgres, { type Sql } from "postgres";
import { isConnectionError } from "./errors";

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
    const tx = await live.reserve();
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
