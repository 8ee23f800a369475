import "server-only";
import { after } from "next/server";
import { cleanupExpired } from "@/db/cleanup";
import { db } from "@/db";
import { bestEffort } from "@/lib/db-unavailable";
import { authConfig } from "./config";
import { sessionCookie } from "./cookies";
import { setSignedInCookies } from "./current-session";
import { sendNewSignInAlert } from "./new-sign-in-alert";
import type { RedeemMeta, SignedIn } from "./redeem";
import { endReplacedSession } from "./user-sessions";

// The one way a redemption becomes a signed-in browser, shared by the link route and the code
// action. Called only after the redeeming transaction committed.
export async function finishSignIn(signedIn: SignedIn, meta: RedeemMeta): Promise<void> {
  const replaced = await sessionCookie.read();
  await setSignedInCookies(signedIn);
  // A browser already signed in (it confirmed a link sent from elsewhere) holds one session at a
  // time: the one its cookie pointed to is ended, not left running for any copy of that cookie.
  // The new session stands either way.
  if (replaced && replaced.sid !== signedIn.sid) {
    await bestEffort("Ending the session this sign-in replaced", () => endReplacedSession(replaced, meta.ip));
  }
  // After the response is sent: neither a slow email API nor cleanup delays or breaks sign-in.
  after(async () => {
    try {
      await sendNewSignInAlert(signedIn, meta);
    } catch (error) {
      console.error(`New sign-in alert failed: ${(error as Error).name}`);
    }
    await cleanupOccasionally();
  });
}

let lastCleanup = 0;

// Opportunistic cleanup, at most once per interval per app instance; `npm run db:cleanup` from
// cron does the same for deployments that rarely see sign-ins.
async function cleanupOccasionally(): Promise<void> {
  const now = Date.now();
  if (now - lastCleanup < authConfig.cleanup.inAppIntervalMinutes * 60_000) return;
  lastCleanup = now;
  try {
    await cleanupExpired(db());
  } catch (error) {
    console.error(`Cleanup failed: ${(error as Error).name}`);
  }
}
