import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { db } from "@/db";
import { freshEmail, usersWithEmail } from "@/lib/test/auth";
import { runScript } from "@/lib/test/run-script";
import { connect } from "@/db/client";
import { inviteUser } from "./account";
import { authEvents, users } from "@/db/schema";

describe("inviteUser", () => {
  it("creates exactly one user for the canonical address, and a second invite changes nothing", async () => {
    const email = freshEmail();
    const first = await inviteUser(db(), `  ${email.toUpperCase()}  `);
    expect(first).toEqual({ ok: true, email, userId: expect.any(String), created: true });
    const again = await inviteUser(db(), email);
    expect(again).toEqual({ ...first, created: false });
    expect(await usersWithEmail(email)).toEqual([expect.objectContaining({ email })]);
    if (!first.ok) throw new Error(first.message);
    const events = await db().select().from(authEvents).where(eq(authEvents.userId, first.userId));
    expect(events).toEqual([expect.objectContaining({ type: "invited", emailMasked: "u•••@example.com" })]);
  });

  it("refuses an address the login form would refuse, writing nothing", async () => {
    for (const input of ["not-an-address", "a@b@example.com", "a@example.com, b@example.com", ""]) {
      expect(await inviteUser(db(), input)).toMatchObject({ ok: false, message: expect.any(String) });
    }
    expect(await db().select().from(users).where(eq(users.email, "not-an-address"))).toHaveLength(0);
  });
});

// `npm run users:invite` is `tsx scripts/invite-user.ts`, run here as its own process against this
// file's Postgres database, or on PGlite against a directory made from the migrated snapshot
// (the in-memory test database lives inside this process, where no script can reach it).
async function scriptDatabase() {
  if (process.env.TEST_DB_ENGINE === "postgres") {
    return {
      env: { DATABASE_URL: process.env.DATABASE_URL },
      emailsIn: async (emails: string[]) =>
        (await db().select().from(users).where(inArray(users.email, emails))).map((u) => u.email),
    };
  }
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "sesame-invite-")), "pglite");
  const seeded = new PGlite(dir, { loadDataDir: new Blob([readFileSync(inject("pgliteSnapshot"))]) });
  await seeded.close();
  return {
    env: { DATABASE_URL: "", PGLITE_DIR: dir },
    emailsIn: async (emails: string[]) => {
      const handle = connect({ pgliteDir: dir });
      try {
        return (await handle.db.select().from(users).where(inArray(users.email, emails))).map((u) => u.email);
      } finally {
        await handle.close();
      }
    },
  };
}

describe("npm run users:invite", () => {
  // One database for the three: each PGlite start in a new process costs seconds.
  let database: ReturnType<typeof scriptDatabase> | undefined;
  const shared = () => (database ??= scriptDatabase());

  it("invites each address once, says what it did, and exits 0 when run again", async () => {
    const target = await shared();
    const [a, b] = [freshEmail(), freshEmail()];
    const first = await runScript("scripts/invite-user.ts", { ...target.env, SIGN_UP: "invite-only" });
    expect(first.code).toBe(2);
    expect(first.stderr).toContain("Usage: npm run users:invite -- person@example.com");

    const invite = (...args: string[]) =>
      runScript("scripts/invite-user.ts", { ...target.env, SIGN_UP: "invite-only" }, args);
    const run1 = await invite(a, b.toUpperCase());
    expect(run1).toMatchObject({ code: 0, stderr: "" });
    expect(run1.stdout.trim().split("\n")).toEqual([`Invited ${a}`, `Invited ${b}`]);
    const run2 = await invite(a);
    expect(run2).toMatchObject({ code: 0, stdout: `${a} already has an account: nothing changed\n` });
    expect((await target.emailsIn([a, b])).sort()).toEqual([a, b].sort());
  }, 60_000);

  it("refuses the whole list, with exit code 2, when any address is invalid", async () => {
    const target = await shared();
    const good = freshEmail();
    const result = await runScript("scripts/invite-user.ts", target.env, [good, "nobody@", "x@y.z\nBcc: z@y.z"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Not an address: "nobody@"');
    expect(result.stderr).toContain("Nobody was invited.");
    expect(await target.emailsIn([good])).toEqual([]);
  }, 60_000);

  it("tells a team on open sign-up that inviting changes nothing for them", async () => {
    const target = await shared();
    const result = await runScript("scripts/invite-user.ts", { ...target.env, SIGN_UP: "open" }, [freshEmail()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("sign-up is open here");
  }, 60_000);
});
