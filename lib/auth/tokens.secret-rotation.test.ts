import { describe, expect, it, vi } from "vitest";
import { challengeRow, freshEmail, issue, meta, sessionsOfEmail, setChallenge } from "@/lib/test/auth";
import { redeemCode } from "./redeem";
import { codeHmac } from "./tokens";

// A deployment that has just rotated: SESSION_SECRET is new, SESSION_SECRET_PREVIOUS the old
// one (set before lib/env first reads the environment). Cookies: ./seal.test.ts.
// Checked to fail by making codeMatches (lib/auth/tokens.ts) check the current secret only.
const previous = "previous-secret-that-is-at-least-32-chars";
vi.stubEnv("SESSION_SECRET_PREVIOUS", previous);

describe("codes across a secret rotation", () => {
  it("a code stored under the previous secret (emailed just before the rotation) still signs in", async () => {
    const email = freshEmail();
    const { id, code } = await issue(email);
    await setChallenge(id, { codeHash: codeHmac(previous, id, code) });
    expect(await redeemCode(id, code, meta)).toMatchObject({ ok: true, email });
    expect(await sessionsOfEmail(email)).toHaveLength(1);
  });

  it("a code stored under an unrelated secret is a wrong code", async () => {
    const email = freshEmail();
    const { id, code } = await issue(email);
    await setChallenge(id, { codeHash: codeHmac("unrelated-secret-that-is-at-least-32-chars", id, code) });
    expect(await redeemCode(id, code, meta)).toEqual({ ok: false, reason: "wrong", attemptsLeft: 4 });
    expect(await sessionsOfEmail(email)).toHaveLength(0);
  });

  it("new codes are stored under the current secret", async () => {
    const { id, code } = await issue(freshEmail());
    const row = await challengeRow(id);
    expect(row.codeHash).toBe(codeHmac(process.env.SESSION_SECRET!, id, code));
    expect(row.codeHash).not.toBe(codeHmac(previous, id, code));
  });
});
