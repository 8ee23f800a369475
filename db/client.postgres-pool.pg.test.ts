import { eq, sql } from "drizzle-orm";
import { setTimeout as sleep } from "node:timers/promises";
import postgres from "postgres";
import { expect, it } from "vitest";
import { connect, reserve, type Db, type Tx } from "./client";
import { users } from "./schema";

// One connection, so the catalogue query sees what the queries before it prepared.
function openOneConnection(url: string) {
  return connect({ databaseUrl: url }, { max: 1 });
}

// Two queries of different texts, each found in the catalogue by its WHERE clause.
const byEmail = (db: Db | Tx) => db.select({ id: users.id }).from(users).where(eq(users.email, "a@example.com"));
const byId = (db: Db | Tx) =>
  db.select({ email: users.email }).from(users).where(eq(users.id, "00000000-0000-4000-8000-000000000000"));

async function prepared(db: Db | Tx, column: "email" | "id"): Promise<number> {
  const rows = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from pg_prepared_statements where statement like ${`%where "users"."${column}" = $1%`}`,
  );
  return rows[0]!.n;
}

it("prepares Drizzle's queries once per connection, in and out of transactions", async () => {
  const { db, close } = openOneConnection(process.env.DATABASE_URL!);
  try {
    await byEmail(db);
    await byEmail(db);
    expect(await prepared(db, "email")).toBe(1);
    // A transaction runs on a connection reserved from the pool, through a client of its own.
    const inTransaction = await db.transaction(async (tx) => {
      await byId(tx);
      return prepared(tx, "id");
    });
    expect(inTransaction).toBe(1);
  } finally {
    await close();
  }
});

it("prepares nothing when DATABASE_URL says prepare=false (transaction-mode poolers)", async () => {
  const url = new URL(process.env.DATABASE_URL!);
  url.searchParams.set("prepare", "false");
  const { db, close } = openOneConnection(url.toString());
  try {
    await byEmail(db);
    await db.transaction((tx) => byId(tx));
    expect([await prepared(db, "email"), await prepared(db, "id")]).toEqual([0, 0]);
  } finally {
    await close();
  }
});

it("a transaction still gets a connection when its wait is lost to a closing one (porsager/postgres#1195)", async () => {
  // One connection, whose idle timer (1 s) fires just as three transactions ask for it:
  // postgres.js hands the first waiter to the reconnect, which drops it. Asked with the pool's
  // own reserve(), one of the three never settles (checked: this test then times out).
  const pool = postgres(process.env.DATABASE_URL!, { max: 1, idle_timeout: 1, onnotice: () => {} });
  try {
    await pool`select 1`;
    await sleep(1000);
    const held = await Promise.all(
      Array.from({ length: 3 }, () => reserve(() => pool, 200).then((connection) => connection.release())),
    );
    expect(held).toHaveLength(3);
  } finally {
    await pool.end({ timeout: 1 });
  }
}, 10_000);
