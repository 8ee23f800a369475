import { eq } from "drizzle-orm";
import { authConfig } from "../lib/auth/config";
import { maskEmail, normalizeEmail } from "../lib/auth/email-address";
import { databaseTarget, readEnv } from "../lib/env-schema";
import { loadEnvFiles } from "../lib/env-files";
import { connect, type Db } from "./client";
import { authEvents, users } from "./schema";

export type InviteResult =
  { ok: true; email: string; userId: string; created: boolean } | { ok: false; message: string };

// Gives an address an account, so it can sign in when sign-up is invite-only (authConfig.signUp
// or SIGN_UP). The address is canonicalised exactly as the login form does, so the invited
// account is the one a sign-in finds. Idempotent: an existing account is left as it is.
// No server-only import: `npm run users:invite` runs it outside Next.
export async function inviteUser(db: Db, input: string): Promise<InviteResult> {
  const checked = normalizeEmail(input);
  if (!checked.ok) return checked;
  const { email } = checked;
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({ email })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (created) {
      await tx.insert(authEvents).values({ type: "invited", emailMasked: maskEmail(email), userId: created.id });
      return { ok: true, email, userId: created.id, created: true };
    }
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    return { ok: true, email, userId: existing!.id, created: false };
  });
}

// Exit codes: 0 every address has an account now; 2 bad arguments (nothing written);
// 1 the database failed.
async function main(args: string[]) {
  if (args.length === 0) {
    console.error("Usage: npm run users:invite -- person@example.com [another@example.com ...]");
    process.exitCode = 2;
    return;
  }
  // Every address is checked before any is written, so a typo does not leave half a list done.
  const invalid = args.flatMap((arg) => {
    const checked = normalizeEmail(arg);
    return checked.ok ? [] : [`Not an address: ${JSON.stringify(arg)} (${checked.message})`];
  });
  if (invalid.length > 0) {
    for (const line of [...invalid, "Nobody was invited."]) console.error(line);
    process.exitCode = 2;
    return;
  }
  const env = readEnv();
  const target = databaseTarget(env);
  const where = "databaseUrl" in target ? "Postgres" : `PGlite (${target.pgliteDir})`;
  try {
    const handle = connect(target, { max: 1 });
    try {
      for (const arg of args) {
        const result = await inviteUser(handle.db, arg);
        if (!result.ok) throw new Error(result.message);
        console.log(
          result.created ? `Invited ${result.email}` : `${result.email} already has an account: nothing changed`,
        );
      }
    } finally {
      await handle.close();
    }
    if ((env.SIGN_UP ?? authConfig.signUp) === "open") {
      console.log("Note: sign-up is open here, so any address can sign in; set SIGN_UP=invite-only to restrict it.");
    }
  } catch (error) {
    // Drizzle wraps driver errors; the cause says what actually went wrong.
    const cause = ((error as { cause?: Error }).cause ?? error) as Error & { code?: string };
    const hint = cause.code === "42P01" ? " (run `npm run db:migrate` first)" : "";
    console.error(`Invite failed on ${where}: ${cause.message}${hint}`);
    process.exitCode = 1;
  }
}

if (process.argv[1]?.endsWith("invite-user.ts")) {
  loadEnvFiles();
  void main(process.argv.slice(2));
}
