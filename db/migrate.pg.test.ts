import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { expect, it } from "vitest";
import { requestSignIn } from "@/lib/auth/sign-in";
import { freshEmail, meta, testDevice } from "@/lib/test/auth";
import { runScript } from "@/lib/test/run-script";
import { migrationCount } from "@/lib/test/migrations";

const migrate = (databaseUrl: string) => runScript("scripts/migrate.ts", { DATABASE_URL: databaseUrl });

it("two deploys migrating one new database at once both succeed, applying each migration once", async () => {
  const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
  const name = `sesame_migrate_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  // Through PgBouncer in transaction mode too (vitest.config.ts's pgbouncer project), where a
  // session-level advisory lock would be taken and released on different server connections.
  const pooled = process.env.TEST_DB_ENGINE === "pgbouncer";
  const url = new URL(pooled ? process.env.TEST_PGBOUNCER_URL! : process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  if (pooled) url.searchParams.set("prepare", "false");
  try {
    // Without the advisory lock both would try to create the same tables.
    const runs = await Promise.all([migrate(url.toString()), migrate(url.toString())]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const target = postgres(url.toString(), { max: 1 });
    const [row] = await target`select count(*)::int as n from drizzle.__drizzle_migrations`;
    await target.end();
    expect(row).toEqual({ n: migrationCount() });
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});

it("re-running migrations while the app serves changes nothing and interrupts no request", async () => {
  // This file's database is already migrated and the app's pool is using it.
  const serving = Array.from({ length: 10 }, () =>
    requestSignIn({ email: freshEmail(), nextPath: "/account", ip: meta.ip, deviceId: testDevice }),
  );
  const [run, ...results] = await Promise.all([migrate(process.env.DATABASE_URL!), ...serving]);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("Database migrated: Postgres");
  expect(results.every((r) => r.status === "sent")).toBe(true);
});
