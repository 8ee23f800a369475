// `npm run users:invite -- a@example.com …`: gives addresses an account, so they can sign in when
// sign-up is invite-only (lib/auth/account.ts, inviteUser).
import { connect } from "../db/client";
import { inviteUser } from "../lib/auth/account";
import { normalizeEmail } from "../lib/auth/email-address";
import { loadEnvFiles } from "../lib/env-files";
import { databaseTarget, readEnv, signUpMode } from "../lib/env";

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
    if (signUpMode(env) === "open") {
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

loadEnvFiles();
void main(process.argv.slice(2));
