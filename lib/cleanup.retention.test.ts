import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { cleanupExpired } from "@/lib/cleanup";
import { freshEmail, issue, meta, setChallenge } from "@/lib/test/auth";
import { authConfig } from "./auth/config";
import { limits } from "./auth/throttle";
import { redeemCode } from "./auth/redeem";

// Cleanup must never delete a row a limit still counts: the limit would quietly loosen.
// Checked to fail: with challengeRetentionSeconds at 23 h the first test signs in (the old
// challenge's failures were deleted); with rateLimitRetentionSeconds at 0 the second fails.
describe("cleanup keeps what the limits read", () => {
  it("a challenge's wrong codes count against its address's 24 h budget, however short its link", async () => {
    const email = freshEmail();
    const old = await issue(email);
    // Created nearly 24 h ago with the shortest link LINK_LIFETIME_SECONDS allows (1 s), and
    // holding the whole budget (the budget sums code_attempts over the address's challenges).
    const created = sql`now() - interval '23 hours 59 minutes'`;
    await setChallenge(old.id, {
      createdAt: created,
      expiresAt: sql`${created} + interval '1 second'`,
      codeAttempts: authConfig.maxCodeFailuresPerEmailPerDay,
    });
    await cleanupExpired(db());
    const fresh = await issue(email);
    expect(await redeemCode(fresh.id, fresh.code, meta)).toMatchObject({
      ok: false,
      reason: "throttled",
      limit: "code-email",
    });
  });

  it("keeps rate-limit windows while the sliding estimate reads them: this window and the one before", () => {
    const windows = Object.values(limits).flatMap((limit) => [limit("2001:db8::1")].flat().map((l) => l.windowSeconds));
    const longest = Math.max(...windows);
    expect(authConfig.cleanup.rateLimitRetentionSeconds).toBeGreaterThanOrEqual(2 * longest);
  });
});
