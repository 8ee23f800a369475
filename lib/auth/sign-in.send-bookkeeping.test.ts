import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { authEvents, signInChallenges } from "@/db/schema";
import { freshEmail, meta, testDevice } from "@/lib/test/auth";
import { withResendStandIn } from "@/lib/test/stand-in";
import { readLink } from "./challenge";
import { requestSignIn } from "./sign-in";

// What the person is told when the database fails right after the email provider answered.
// Faults are real database errors: triggers (in this file's own database) that refuse the
// bookkeeping statement while a row in test_faults says so. Checked to fail by replacing the
// bestEffort calls in sign-in.ts with plain awaits: requestSignIn then rejects.
const standIn = withResendStandIn();

beforeAll(async () => {
  for (const statement of [
    `create table test_faults (kind text primary key)`,
    `create function fail_sent_event() returns trigger language plpgsql as $$
     begin
       if new.type = 'sent' and exists (select 1 from test_faults where kind = 'sent-event') then
         raise exception 'injected fault';
       end if;
       return new;
     end $$`,
    `create function fail_end_send_failed() returns trigger language plpgsql as $$
     begin
       if new.end_reason = 'send_failed' and exists (select 1 from test_faults where kind = 'end-send-failed') then
         raise exception 'injected fault';
       end if;
       return new;
     end $$`,
    `create trigger fail_sent_event before insert on auth_events
     for each row execute function fail_sent_event()`,
    `create trigger fail_end_send_failed before update on sign_in_challenges
     for each row execute function fail_end_send_failed()`,
  ]) {
    await db().execute(sql.raw(statement));
  }
});

async function whileFailing<T>(kind: string, work: () => Promise<T>): Promise<T> {
  await db().execute(sql`insert into test_faults values (${kind})`);
  try {
    return await work();
  } finally {
    await db().execute(sql`delete from test_faults where kind = ${kind}`);
  }
}

function captureErrors() {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "error").mockImplementation((...args) => void lines.push(args.join(" ")));
  return { lines, restore: () => spy.mockRestore() };
}

const request = (email: string) =>
  requestSignIn({ email, nextPath: "/account", ip: meta.ip, deviceId: testDevice }, { padding: null });

describe("the database fails after the provider answered", () => {
  it("sent, but the sent event is not recorded: still 'sent', the challenge is live, the log is masked", async () => {
    const email = freshEmail();
    const log = captureErrors();
    const result = await whileFailing("sent-event", () => request(email)).finally(log.restore);
    expect(result).toMatchObject({ status: "sent" });
    if (result.status !== "sent") return;
    const [message] = await standIn.messages(email);
    const token = /token=([\w-]{43})/.exec(message!.text)![1]!;
    expect(await readLink(token)).toMatchObject({ status: "live", id: result.challengeId });
    const types = await db()
      .select({ type: authEvents.type })
      .from(authEvents)
      .where(eq(authEvents.challengeId, result.challengeId));
    expect(types.map((e) => e.type)).toEqual(["requested"]);
    expect(log.lines).toEqual(["Recording the sent email to u•••@example.com failed (P0001); carried on"]);
    for (const secret of [email, token]) expect(log.lines.join("\n")).not.toContain(secret);
  });

  it("send failed, and ending the challenge fails too: still 'send failed', the log is masked", async () => {
    const email = freshEmail();
    await standIn.fail("403", email);
    const log = captureErrors();
    const result = await whileFailing("end-send-failed", () => request(email)).finally(log.restore);
    expect(result).toEqual({ status: "send_failed" });
    expect(await standIn.messages(email)).toHaveLength(0);
    // The fault held: the row is not ended, but its token and code were never delivered.
    const [row] = await db().select().from(signInChallenges).where(eq(signInChallenges.email, email));
    expect(row?.endedAt).toBeNull();
    expect(log.lines).toEqual([
      "Ending the challenge after a failed send to u•••@example.com failed (P0001); carried on",
    ]);
  });
});
