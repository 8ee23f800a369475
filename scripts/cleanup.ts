// `npm run db:cleanup`: deletes expired sessions, challenges, rate-limit windows and old auth
// events (lib/cleanup.ts). Run it from cron where sign-ins are rare; the app also cleans up
// after sign-ins, at most hourly.
import { connect } from "../db/client";
import { cleanupExpired } from "../lib/cleanup";
import { loadEnvFiles } from "../lib/env-files";
import { databaseTarget, readEnv } from "../lib/env";

async function main() {
  const handle = connect(databaseTarget(readEnv()), { max: 1 });
  try {
    const cleaned = await cleanupExpired(handle.db);
    console.log(
      `Deleted ${cleaned.sessions} sessions, ${cleaned.challenges} challenges, ${cleaned.rateLimits} rate-limit windows, ${cleaned.events} auth events`,
    );
  } catch (error) {
    const cause = (error as { cause?: Error }).cause ?? (error as Error);
    console.error(`Cleanup failed: ${cause.message}`);
    process.exitCode = 1;
  } finally {
    await handle.close();
  }
}

loadEnvFiles();
void main();
