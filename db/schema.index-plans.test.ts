import { sql, type SQLWrapper } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { selectActiveSession } from "@/lib/auth/session";
import { cleanupDeletes } from "@/lib/cleanup";

// The README promises that cleanup and the per-request session check walk an index, so they
// stay cheap as tables grow. On this test's tiny tables the planner rightly prefers sequential
// scans, so sequential scans are switched off: what is left is the question "can an index serve
// this statement?", and a statement no index serves still plans as a Seq Scan. These are the
// statements the app runs (cleanupDeletes, selectActiveSession), EXPLAINed, not executed.
// Checked to fail by dropping sessions_last_seen_at_idx (the idle delete then plans a Seq Scan).
async function plan(query: SQLWrapper): Promise<string> {
  return db().transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    const result = (await tx.execute(sql`explain ${query.getSQL()}`)) as unknown;
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, string>[];
    return rows.map((row) => Object.values(row)[0]).join("\n");
  });
}

describe("index plans", () => {
  it.each([
    ["expiredSessions", "sessions_expires_at_idx"],
    ["idleSessions", "sessions_last_seen_at_idx"],
    ["challenges", "sign_in_challenges_expires_at_idx"],
    ["rateLimits", "rate_limits_window_start_idx"],
    ["events", "auth_events_at_idx"],
  ] as const)("cleanup's %s delete walks %s", async (name, index) => {
    const text = await plan(cleanupDeletes(db())[name]);
    expect(text).toContain(index);
    expect(text).not.toContain("Seq Scan");
  });

  it("the session check reads sessions and users by primary key", async () => {
    const text = await plan(selectActiveSession("a".repeat(43)));
    expect(text).toContain("sessions_pkey");
    expect(text).toContain("users_pkey");
    expect(text).not.toContain("Seq Scan");
  });
});
