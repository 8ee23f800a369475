import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { users } from "@/db/schema";
import { redirectIfDbUnavailable, respondUnlessDbUnavailable } from "@/lib/db-unavailable";
import { freshEmail } from "@/lib/test/auth";

// A query that fails for a reason other than an outage is a bug: it is rethrown, and Next logs
// it whole (console.error → util.inspect, cause and own properties included). It must not carry
// the query's values there. Checked to fail by rethrowing the original error in
// lib/db-unavailable.ts.
async function duplicateUserError(email: string): Promise<unknown> {
  await db().insert(users).values({ email });
  return db()
    .insert(users)
    .values({ email })
    .then(
      () => expect.unreachable(),
      (error: unknown) => error,
    );
}

const asLogged = (error: unknown) => inspect(error, { depth: Infinity, showHidden: false });

describe("a failing query's error, as rethrown for Next to log", () => {
  it("Drizzle's own error carries the email (what this guards against)", async () => {
    const email = freshEmail();
    expect(asLogged(await duplicateUserError(email))).toContain(email);
  });

  it("from a page or server action: keeps the SQL, SQLSTATE and constraint, not the email", async () => {
    const email = freshEmail();
    const original = await duplicateUserError(email);
    const thrown = await redirectIfDbUnavailable(original).catch((e: unknown) => e);
    const logged = asLogged(thrown);
    expect(logged).not.toContain(email);
    expect(logged).not.toContain("params");
    expect(logged).toContain('insert into "users"');
    expect(logged).toContain("23505");
    expect(logged).toContain("users_email_unique");
    // The stack still says where it came from.
    expect(logged).toMatch(/^\s+at /m);
  });

  it("from a route handler: the same", async () => {
    const email = freshEmail();
    const original = await duplicateUserError(email);
    const thrown = await respondUnlessDbUnavailable(() => Promise.reject(original)).catch((e: unknown) => e);
    expect(asLogged(thrown)).not.toContain(email);
    expect(asLogged(thrown)).toContain('insert into "users"');
  });

  it("leaves errors that are not query errors as they are", async () => {
    const error = new Error("boom");
    await expect(redirectIfDbUnavailable(error)).rejects.toBe(error);
  });
});
