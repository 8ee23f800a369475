import { eq, sql } from "drizzle-orm";
import { afterEach, expect, it, vi } from "vitest";
import { db } from "@/db";
import { rateLimits, signInChallenges } from "@/db/schema";
import { freshEmail, issue, meta, setChallenge } from "@/lib/test/auth";
import { clearCookies, runAfterTasks } from "@/lib/test/request-scope";
import { authConfig } from "./config";
import { finishSignIn } from "./session";
import { redeemLink } from "./redeem";

// The in-app cleanup each instance runs after a sign-in (in `after()`, once the response is
// out), for deployments that schedule no `npm run db:cleanup`. What cleanupExpired deletes is
// pinned case by case in lib/cleanup.test.ts; this pins that sign-ins run it, at most once per
// interval. Checked to fail: without the cleanupOccasionally() call the first sign-in leaves
// the old rows; without its interval check the second sign-in deletes them too.
vi.mock("next/headers", async () => (await import("@/lib/test/request-scope")).nextHeaders);
vi.mock("next/server", async (original) => ({
  ...(await original<typeof import("next/server")>()),
  ...(await import("@/lib/test/request-scope")).nextServer,
}));

afterEach(() => {
  vi.restoreAllMocks();
});

async function signIn() {
  const signedIn = await redeemLink((await issue(freshEmail())).token, meta);
  if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.reason}`);
  clearCookies();
  await finishSignIn(signedIn, meta);
  await runAfterTasks();
}

// Rows every cleanup deletes: a rate-limit window and a challenge both past their retention.
async function plantDeadRows() {
  const key = `finish-sign-in:${freshEmail()}`;
  await db()
    .insert(rateLimits)
    .values({ key, windowStart: sql`now() - interval '49 hours'`, hits: 1 });
  const { id } = await issue(freshEmail());
  await setChallenge(id, { expiresAt: sql`now() - interval '25 hours'` });
  return async () => {
    const windows = await db().select().from(rateLimits).where(eq(rateLimits.key, key));
    const challenges = await db().select().from(signInChallenges).where(eq(signInChallenges.id, id));
    return { windows: windows.length, challenges: challenges.length };
  };
}

// One test: the instance's "last cleanup" time lives in the module, so the steps must run in order.
it("a sign-in cleans up, at most once per interval per instance", async () => {
  const first = await plantDeadRows();
  await signIn();
  expect(await first()).toEqual({ windows: 0, challenges: 0 });

  const second = await plantDeadRows();
  await signIn();
  expect(await second()).toEqual({ windows: 1, challenges: 1 });

  // Once the interval has passed on this instance's clock, the next sign-in cleans up again.
  const later = Date.now() + authConfig.cleanup.inAppIntervalSeconds * 1000 + 1_000;
  vi.spyOn(Date, "now").mockReturnValue(later);
  await signIn();
  expect(await second()).toEqual({ windows: 0, challenges: 0 });
});
