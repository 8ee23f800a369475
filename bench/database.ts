// The bench's own Postgres database: dropped and recreated on every run, seeded by SQL.
import postgres from "postgres";

export async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/^\w+$/.test(name)) throw new Error(`Unexpected database name in ${url}`);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists ${name} with (force)`);
    await sql.unsafe(`create database ${name}`);
  } finally {
    await sql.end();
  }
}

// Expired challenges for addresses nobody uses in the run, and signed-in users with one live
// session each: what a busy deployment's tables hold between cleanups. The challenges expired
// within the last 22 hours, inside the 24 h retention, so the app's own cleanup (run after its
// first sign-in) keeps them; older ones would be deleted before anything is measured.
export async function seedGrowth(url: string, challenges: number, sessions: number): Promise<number> {
  const start = performance.now();
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`
      insert into sign_in_challenges (id, email, mailbox, token_hash, code_hash, next_path, created_at, expires_at, code_expires_at)
      select gen_random_uuid(), 'seed-' || (i % 200000) || '@example.org', 'seed-' || (i % 200000) || '@example.org',
             md5(i::text) || md5((-i)::text),
             md5(i::text), '/account', expired - interval '15 minutes', expired, expired - interval '5 minutes'
      from generate_series(1, ${challenges}) as i,
           lateral (select now() - interval '15 minutes' - (i % 79000) * interval '1 second' as expired) as t`;
    await sql`
      insert into users (id, email)
      select gen_random_uuid(), 'seed-user-' || i || '@example.org' from generate_series(1, ${sessions}) as i`;
    await sql`
      insert into sessions (id, user_id, expires_at, user_agent)
      select md5(id::text) || md5(email), id, now() + interval '30 days', 'seed' from users
      where email like 'seed-user-%'`;
    // Settle what autovacuum and the checkpointer would otherwise do during the measurement.
    await sql`vacuum analyze`;
    await sql`checkpoint`;
  } finally {
    await sql.end();
  }
  return performance.now() - start;
}

export async function countSessions(url: string, email: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from sessions join users on users.id = sessions.user_id where users.email = ${email}`;
    return row?.n ?? 0;
  } finally {
    await sql.end();
  }
}

// The seeded challenges still in the table: growth means nothing if cleanup took them.
export async function countSeededChallenges(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from sign_in_challenges where email like 'seed-%@example.org'`;
    return row?.n ?? 0;
  } finally {
    await sql.end();
  }
}
