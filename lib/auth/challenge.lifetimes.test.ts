import { eq, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { signInChallenges } from "@/db/schema";
import { listDevMailbox } from "@/lib/email";
import { freshEmail, meta, testDevice } from "@/lib/test/auth";
import { lifetimeText, requestSignIn } from "./sign-in";

// A deployment that shortened the link below the code's default lifetime (set before lib/env
// first reads the environment). The code cannot outlive its link, and the email must state
// what the database enforces. Checked to fail by taking the Math.min out of lib/env.ts: the
// email then says 10 minutes while the code dies after 2. The defaults: challenges.test.ts.
vi.stubEnv("LINK_LIFETIME_SECONDS", "120");
vi.stubEnv("CODE_LIFETIME_SECONDS", "");

describe("a link lifetime shorter than the code's", () => {
  it("caps the code at the link's lifetime, in the database and in the email alike", async () => {
    const email = freshEmail();
    const result = await requestSignIn(
      { email, nextPath: "/account", ip: meta.ip, deviceId: testDevice },
      { padding: null },
    );
    if (result.status !== "sent") throw new Error(result.status);
    const [row] = await db()
      .select({
        link: sql<number>`extract(epoch from ${signInChallenges.expiresAt} - ${signInChallenges.createdAt})::int`,
        code: sql<number>`extract(epoch from ${signInChallenges.codeExpiresAt} - ${signInChallenges.createdAt})::int`,
      })
      .from(signInChallenges)
      .where(eq(signInChallenges.id, result.challengeId));
    expect(row).toEqual({ link: 120, code: 120 });
    const [message] = listDevMailbox().filter((m) => m.to === email);
    expect(message?.text).toContain("It is valid for 2 minutes and works once.");
    expect(message?.text).toContain("The code is valid for 2 minutes.");
  });
});

describe("lifetimeText", () => {
  it("never states more time than the database gives", () => {
    expect([1, 2, 60, 90, 119, 120, 150, 600, 900].map(lifetimeText)).toEqual([
      "1 second",
      "2 seconds",
      "1 minute",
      "90 seconds",
      "119 seconds",
      "2 minutes",
      "2 minutes",
      "10 minutes",
      "15 minutes",
    ]);
  });
});
