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
      const result = await fn(tx);
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
    get: (_, prop) => (prop === "begin" ? begin : Reflect.get(live, prop)),
    apply: (_, self, args) => Reflect.apply(live, self, args),
  });
  return { sql, end: () => live.end({ timeout: 5 }) };
}
