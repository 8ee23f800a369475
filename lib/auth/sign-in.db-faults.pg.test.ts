import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb } from "@/db";
import { listDevMailbox } from "@/lib/email";
import { isDbUnavailable } from "@/lib/db-unavailable";
import { databaseAnswers } from "@/lib/health";
import { freshEmail, issue, meta, testDevice } from "@/lib/test/auth";
import { startTcpProxy, type TcpProxy } from "@/lib/test/tcp-proxy";
import { redeemLink, redeemCode } from "./redeem";
import { requestSignIn } from "./sign-in";

// The app's client goes through a proxy this file controls; `direct` looks at the truth.
let proxy: TcpProxy;
let direct: postgres.Sql;

beforeAll(async () => {
  const databaseUrl = process.env.DATABASE_URL!;
  const { hostname, port } = new URL(databaseUrl);
  proxy = await startTcpProxy({ host: hostname, port: Number(port || 5432) });
  await closeDb();
  process.env.DATABASE_URL = proxy.url(databaseUrl);
  direct = postgres(databaseUrl, { max: 1 });
});
afterAll(async () => {
  await closeDb();
  await direct.end();
  await proxy.close();
});
beforeEach(() => proxy.up());

const unavailable = (error: unknown) => expect(isDbUnavailable(error)).toBe(true);
const stateOf = async (id: string) =>
  (await direct`select ended_at, code_attempts from sign_in_challenges where id = ${id}`)[0];
const sessionsOf = async (email: string) =>
  (await direct`select s.id from sessions s join users u on u.id = s.user_id where u.email = ${email}`).length;
// New connections prepare, and so send the text of, every statement again: what cutWhen looks for.
async function freshConnections() {
  await proxy.down();
  await proxy.up();
  await expect.poll(databaseAnswers).toBe(true);
}
const inbox = (to: string) => listDevMailbox().filter((m) => m.to === to);

describe("database unavailable", () => {
  it("stopped: a sign-in request fails as unavailable and sends nothing; it recovers without a restart", async () => {
    const email = freshEmail();
    await proxy.down();
    await requestSignIn({ email, nextPath: "/account", ip: meta.ip, deviceId: testDevice }).then(
      () => expect.unreachable(),
      unavailable,
    );
    expect(inbox(email)).toHaveLength(0);
    expect(await databaseAnswers()).toBe(false);

    await proxy.up();
    expect(await databaseAnswers()).toBe(true);
    expect(await requestSignIn({ email, nextPath: "/account", ip: meta.ip, deviceId: testDevice })).toMatchObject({
      status: "sent",
    });
    expect(inbox(email)).toHaveLength(1);
  });

  it("dropped mid-request: issuing a challenge fails as unavailable and sends nothing", async () => {
    const email = freshEmail();
    await freshConnections();
    proxy.cutWhen(`insert into "sign_in_challenges"`);
    await requestSignIn({ email, nextPath: "/account", ip: meta.ip, deviceId: testDevice }).then(
      () => expect.unreachable(),
      unavailable,
    );
    expect(inbox(email)).toHaveLength(0);
    expect(await direct`select 1 from sign_in_challenges where email = ${email}`).toHaveLength(0);
    // And the app's pool is usable again at once.
    expect(await requestSignIn({ email, nextPath: "/account", ip: meta.ip, deviceId: testDevice })).toMatchObject({
      status: "sent",
    });
  });
});

describe("connection cut after the challenge is claimed, before the session commits", () => {
  it("link: no session, and the same link still signs in once the database is back", async () => {
    const email = freshEmail();
    const { id, token } = await issue(email);
    await freshConnections();
    proxy.cutWhen(`insert into "sessions"`);
    await redeemLink(token, meta).then(() => expect.unreachable(), unavailable);
    expect(await sessionsOf(email)).toBe(0);
    await expect.poll(async () => (await stateOf(id))?.ended_at).toBeNull();

    expect(await redeemLink(token, meta)).toMatchObject({ ok: true });
    expect(await sessionsOf(email)).toBe(1);
  });

  it("code: no session, and the same code still signs in once the database is back", async () => {
    const email = freshEmail();
    const { id, code } = await issue(email);
    await freshConnections();
    proxy.cutWhen(`insert into "sessions"`);
    await redeemCode(id, code, meta).then(() => expect.unreachable(), unavailable);
    expect(await sessionsOf(email)).toBe(0);
    // Rolled back whole: not ended, and no try spent on the right code.
    await expect.poll(async () => stateOf(id)).toMatchObject({ ended_at: null, code_attempts: 0 });

    expect(await redeemCode(id, code, meta)).toMatchObject({ ok: true });
    expect(await sessionsOf(email)).toBe(1);
  });
});

describe("isDbUnavailable", () => {
  it("does not mistake an ordinary query error for an outage", async () => {
    const error = await direct`select * from no_such_table`.catch((e: unknown) => e);
    expect(isDbUnavailable(error)).toBe(false);
    expect(isDbUnavailable(new Error("boom"))).toBe(false);
  });
});
