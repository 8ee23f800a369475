import { and, eq, like, or, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { rateLimits, signInChallenges } from "@/db/schema";
import { listDevMailbox } from "@/lib/email";
import { ageChallenges, freshDevice, freshEmail, freshIp, issue, wrongCode } from "@/lib/test/auth";
import { authConfig } from "./config";
import { redeemCode, redeemLink } from "./redeem";
import { requestSignIn } from "./sign-in";

// The lockout figure (docs/security.md, "What a stranger can do to your sign-in"): an attacker
// with 10 IPv4 addresses and 10 IPv6 /48s runs the lockout loop against one address for an hour:
// every minute each of its 20 networks asks for a sign-in from a browser of its own and, when an
// email went out, types 5 wrong codes. Time is simulated: the address's challenges are moved a
// minute back each round, and the attacker's per-IP counters are cleared (more generous to it
// than the real 10 per 10 minutes, so the figure holds a fortiori).
//
// Checked to fail, each rule put back as it was on main in turn: superseding every live
// challenge of the address (not just this device's) ends the victim's link and code under the
// attacker's next request; one wrong-code budget for the whole address refuses the victim's
// right code after the attacker's 20 wrong ones; one send limit for the address (not per device,
// known devices exempt) throttles the victim's requests; and without the new-device ceiling the
// attacker's 20 emails a round soon fill even the deployment's global cap (time is compressed
// here), and the victim's own request is refused.

const attackerNetworks = [
  ...Array.from({ length: 10 }, (_, i) => `198.51.${100 + i}.7`),
  ...Array.from({ length: 10 }, (_, i) => `3fff:10:${i.toString(16)}::1`),
];

const ask = (email: string, ip: string, deviceId: string) =>
  requestSignIn({ email, nextPath: "/account", ip, deviceId }, { padding: null });

// The link and code of the email just sent to `email`. (The attacker does not know its code;
// the test reads it only to be sure the attacker's guesses are wrong.)
function latestSecrets(email: string): { token: string; code: string } {
  const text = listDevMailbox().find((m) => m.to === email)!.text;
  const token = /\/verify\?token=([A-Za-z0-9_-]{43})$/m.exec(text)![1]!;
  return { token, code: /^\s*(\d{6})\s*$/m.exec(text)![1]! };
}

// One attacker round: every network asks from a browser it has never used (the most a per-device
// limit can be dodged) and burns whatever it was sent. Returns how many emails went out.
async function attackerMinute(victim: string): Promise<number> {
  let sent = 0;
  for (const ip of attackerNetworks) {
    const result = await ask(victim, ip, freshDevice());
    if (result.status !== "sent") continue;
    sent++;
    const wrong = wrongCode(latestSecrets(victim).code);
    for (let i = 0; i < authConfig.maxCodeAttempts; i++)
      await redeemCode(result.challengeId, wrong, { ip, userAgent: "x" });
  }
  return sent;
}

// A simulated minute passes for this address and for the attacker's per-IP counters.
async function nextMinute(victim: string) {
  await ageChallenges(victim, sql`interval '61 seconds'`);
  await db()
    .delete(rateLimits)
    .where(or(like(rateLimits.key, "%:ip:198.51.%"), like(rateLimits.key, "%:ip:3fff:10:%")));
}

describe("a stranger running the lockout loop for an hour", () => {
  it("never stops the owner's known device, lets a new device in after the hour, and sends at most the ceiling", async () => {
    const victim = freshEmail();
    const laptop = freshDevice();
    const victimIp = freshIp();
    // The victim's laptop signed in once before: it is known for the address.
    const first = await issue(victim, "/account", laptop);
    expect(await redeemLink(first.token, { ip: victimIp, userAgent: "laptop" }, { deviceId: laptop })).toMatchObject({
      ok: true,
    });
    await ageChallenges(victim);

    let attackerEmails = 0;
    const victimTries: string[] = [];
    const newDeviceDuringAttack: string[] = [];
    for (let minute = 0; minute < 60; minute++) {
      // Every 12 minutes (its own 5 an hour) the victim asks from the laptop, the attacker's
      // round lands in between, and then the victim types the code or clicks the link.
      const victimAsks = minute % 12 === 0;
      const request = victimAsks ? await ask(victim, victimIp, laptop) : null;
      const secrets = request?.status === "sent" ? latestSecrets(victim) : null;
      attackerEmails += await attackerMinute(victim);
      if (request) {
        if (request.status !== "sent" || secrets === null) {
          victimTries.push(request.status);
        } else {
          const meta = { ip: victimIp, userAgent: "laptop" };
          const result =
            minute % 24 === 0
              ? await redeemCode(request.challengeId, secrets.code, meta, { deviceId: laptop })
              : await redeemLink(secrets.token, meta, { deviceId: laptop });
          victimTries.push(result.ok ? "signed in" : result.reason);
        }
      }
      if (minute === 30) newDeviceDuringAttack.push((await ask(victim, victimIp, freshDevice())).status);
      await nextMinute(victim);
    }

    expect(victimTries).toEqual(Array(5).fill("signed in"));
    // The inbox: the attacker reached the new-device ceiling, and no hour (on the database's
    // clock, simulated minutes and real seconds together) holds more than it.
    const ceiling = authConfig.sends.perMailboxPerHourFromNewDevices;
    expect(attackerEmails).toBeGreaterThanOrEqual(ceiling);
    expect(await busiestHour(victim)).toBe(ceiling);
    // A new device of the victim is a stranger too: held while the attacker's hour fills the ceiling.
    expect(newDeviceDuringAttack).toEqual(["throttled"]);

    // The attacker stops; once its window (the last hour) is over, a new device of the victim
    // gets its email at the first try and signs in with the link in the same browser.
    await ageChallenges(victim, sql`interval '1 hour'`);
    const phone = freshDevice();
    const fresh = await ask(victim, victimIp, phone);
    expect(fresh.status).toBe("sent");
    if (fresh.status !== "sent") return;
    const { token } = latestSecrets(victim);
    expect(await redeemLink(token, { ip: victimIp, userAgent: "phone" }, { deviceId: phone })).toMatchObject({
      ok: true,
    });
  }, 120_000);
});

// The most emails sent for this address by devices new to it within any one hour.
async function busiestHour(email: string): Promise<number> {
  const rows = await db()
    .select({ at: sql<number>`extract(epoch from ${signInChallenges.createdAt})::float8` })
    .from(signInChallenges)
    .where(and(eq(signInChallenges.email, email), eq(signInChallenges.knownDevice, false)));
  const times = rows.map((r) => Number(r.at)).sort((a, b) => a - b);
  return Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 3600).length));
}
