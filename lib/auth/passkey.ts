import "server-only";
import { randomBytes } from "node:crypto";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { db, type Db, type Tx } from "@/db";
import { passkeyChallenges, passkeys, sessions, users } from "@/db/schema";
import { brand } from "@/lib/brand";
import { env } from "@/lib/env";
import { authConfig } from "./config";
import { describeDevice, rememberDevice } from "./device";
import { recordEvent } from "./events";
import type { ClientMeta } from "./http";
import { startSession, type ActiveSession, type SignedIn } from "./session";
import { hitLimits, limits, type Throttle } from "./throttle";
import { safeEqual, sha256 } from "./tokens";

// Passkeys (WebAuthn): the email proves who a person is once; a passkey then signs them in on
// that device in one step. Every WebAuthn structure (CBOR, COSE, attestation, signatures) is
// verified by @simplewebauthn/server; nothing here parses one. A ceremony's challenge is a row
// (32 random bytes, stored as SHA-256), consumed by one conditional UPDATE, named only by the
// sealed cookie of the browser that asked (cookies.ts). The relying party is APP_URL's host and
// origin, never a request header. A sign-in starts the same session as the email path.

const { challengeLifetimeSeconds, recentEmailProofSeconds } = authConfig.passkey;

// Why a passkey signed nobody in, or was not added (app/messages.ts words each; auth_events
// records it). "expired": no live challenge for this browser (used, too old, or never issued).
// "unknown": no passkey has this credential id. "invalid": the library refused the response
// (wrong origin, RP id, challenge, signature, no user verification). "counter": a single-device
// passkey's counter went backwards, a sign of a cloned authenticator. "no_proof": no email
// sign-in in this session recently enough to add one. "duplicate": already registered.
export type PasskeyFailure = "expired" | "unknown" | "invalid" | "counter" | "no_proof" | "duplicate";
type Failed = { ok: false; reason: PasskeyFailure };

export type PasskeySignInResult = SignedIn | Failed | ({ ok: false; reason: "throttled" } & Throttle<"passkey-ip">);

// The relying party: APP_URL only, so a forged Host header cannot make us accept another site's
// assertions.
function relyingParty() {
  const url = env().appUrl;
  return { rpID: url.hostname, origin: url.origin };
}

type Purpose = "register" | "sign_in";

async function issueChallenge(
  purpose: Purpose,
  userId: string | null,
): Promise<{ id: string; bytes: Uint8Array<ArrayBuffer> }> {
  const bytes = new Uint8Array(randomBytes(32));
  const [row] = await db()
    .insert(passkeyChallenges)
    .values({
      // What the browser echoes in clientDataJSON: the base64url of the bytes.
      challengeHash: sha256(Buffer.from(bytes).toString("base64url")),
      purpose,
      userId,
      expiresAt: sql`now() + make_interval(secs => ${challengeLifetimeSeconds})`,
    })
    .returning({ id: passkeyChallenges.id });
  return { id: row!.id, bytes };
}

// Single use, whatever the outcome: one conditional UPDATE, so a replayed response, or two
// racing ones, find it gone. Returns the stored hash, or null.
async function consumeChallenge(on: Db | Tx, id: string, purpose: Purpose, userId: string | null) {
  const [row] = await on
    .update(passkeyChallenges)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(passkeyChallenges.id, id),
        eq(passkeyChallenges.purpose, purpose),
        userId ? eq(passkeyChallenges.userId, userId) : isNull(passkeyChallenges.userId),
        isNull(passkeyChallenges.usedAt),
        gt(passkeyChallenges.expiresAt, sql`now()`),
      ),
    )
    .returning({ hash: passkeyChallenges.challengeHash });
  return row?.hash ?? null;
}

const challengeMatches = (hash: string) => (challenge: string) => safeEqual(sha256(challenge), hash);

// Adding a passkey needs a session started by the emailed link or code within the last ten
// minutes (a passkey sign-in does not count: one passkey must not mint the next).
export async function hasRecentEmailProof(sessionId: string): Promise<boolean> {
  const [row] = await db()
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        eq(sessions.id, sessionId),
        inArray(sessions.method, ["link", "code"]),
        gt(sessions.createdAt, sql`now() - make_interval(secs => ${recentEmailProofSeconds})`),
      ),
    );
  return Boolean(row);
}

export async function passkeyRegistrationOptions(
  session: ActiveSession,
): Promise<{ ok: true; challengeId: string; options: PublicKeyCredentialCreationOptionsJSON } | Failed> {
  if (!(await hasRecentEmailProof(session.id))) return { ok: false, reason: "no_proof" };
  const existing = await db()
    .select({ id: passkeys.credentialId, transports: passkeys.transports })
    .from(passkeys)
    .where(eq(passkeys.userId, session.userId));
  const challenge = await issueChallenge("register", session.userId);
  const options = await generateRegistrationOptions({
    rpName: brand.name,
    rpID: relyingParty().rpID,
    userName: session.email,
    // The user handle: our user id, never the email (it is stored on the authenticator).
    userID: new Uint8Array(Buffer.from(session.userId.replaceAll("-", ""), "hex")),
    challenge: challenge.bytes,
    timeout: challengeLifetimeSeconds * 1000,
    attestationType: "none",
    excludeCredentials: existing,
    // Discoverable: sign-in needs no username. Verified: a fingerprint, face or PIN, every time.
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  return { ok: true, challengeId: challenge.id, options };
}

export async function addPasskey(
  session: ActiveSession,
  challengeId: string,
  response: RegistrationResponseJSON,
  meta: ClientMeta,
): Promise<{ ok: true; name: string } | Failed> {
  const fail = (reason: PasskeyFailure) => recordFailure(reason, meta.ip, session.userId);
  if (!(await hasRecentEmailProof(session.id))) return fail("no_proof");
  const hash = await consumeChallenge(db(), challengeId, "register", session.userId);
  if (!hash) return fail("expired");
  const { rpID, origin } = relyingParty();
  const verified = await verifyRegistrationResponse({
    response,
    expectedChallenge: challengeMatches(hash),
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: true,
  }).catch(() => null);
  if (!verified?.verified) return fail("invalid");
  const { credential, aaguid, credentialDeviceType, credentialBackedUp } = verified.registrationInfo;
  const name = passkeyName(aaguid, meta.userAgent);
  const added = await db().transaction(async (tx) => {
    const [row] = await tx
      .insert(passkeys)
      .values({
        userId: session.userId,
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString("base64url"),
        counter: credential.counter,
        transports: credential.transports ?? [],
        deviceType: credentialDeviceType,
        backedUp: credentialBackedUp,
        aaguid,
        name,
      })
      .onConflictDoNothing({ target: passkeys.credentialId })
      .returning({ id: passkeys.id });
    if (row) await recordEvent(tx, { type: "passkey_added", userId: session.userId, ip: meta.ip, detail: name });
    return Boolean(row);
  });
  return added ? { ok: true, name } : fail("duplicate");
}

export async function passkeySignInOptions(): Promise<{
  challengeId: string;
  options: PublicKeyCredentialRequestOptionsJSON;
}> {
  const challenge = await issueChallenge("sign_in", null);
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    challenge: challenge.bytes,
    timeout: challengeLifetimeSeconds * 1000,
    userVerification: "required",
  });
  return { challengeId: challenge.id, options };
}

// Guards in order: per-IP limit → consume the challenge → find the passkey → verify → session.
// `deviceId`: the asking browser's (cookies.ts), so a passkey on a device new to the account sends
// the new-sign-in alert like any other way in.
export async function signInWithPasskey(
  bound: { id: string; next: string },
  response: AuthenticationResponseJSON,
  meta: ClientMeta,
  deviceId: string,
): Promise<PasskeySignInResult> {
  const perIp = await hitLimits(db(), limits.passkeySignInsPerIp(meta.ip));
  if (!perIp.ok) {
    if (perIp.recordable) await recordEvent(db(), { type: "throttled", ip: meta.ip, detail: "passkey-per-ip" });
    return { ok: false, reason: "throttled", limit: "passkey-ip", retryAfterSeconds: perIp.retryAfterSeconds };
  }
  const hash = await consumeChallenge(db(), bound.id, "sign_in", null);
  if (!hash) return recordFailure("expired", meta.ip);
  const [key] = await db()
    .select({ passkey: passkeys, email: users.email })
    .from(passkeys)
    .innerJoin(users, eq(users.id, passkeys.userId))
    .where(eq(passkeys.credentialId, response.id));
  if (!key) return recordFailure("unknown", meta.ip);
  const { passkey, email } = key;
  const { rpID, origin } = relyingParty();
  let newCounter: number;
  try {
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challengeMatches(hash),
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: true,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, "base64url")),
        // A synced passkey lives on several devices, each counting on its own (most report 0), so
        // only a single-device passkey's counter must grow; the library refuses one that did not.
        counter: passkey.deviceType === "singleDevice" ? passkey.counter : 0,
        transports: passkey.transports as AuthenticatorTransportFuture[],
      },
    });
    if (!verified.verified) return recordFailure("invalid", meta.ip, passkey.userId);
    newCounter = verified.authenticationInfo.newCounter;
  } catch (error) {
    // The library says a counter went backwards only in its error's words.
    const counter = /counter/i.test((error as Error).message ?? "");
    return recordFailure(counter ? "counter" : "invalid", meta.ip, passkey.userId);
  }
  return db().transaction(async (tx): Promise<SignedIn> => {
    await tx
      .update(passkeys)
      .set({ counter: newCounter, lastUsedAt: sql`now()` })
      .where(eq(passkeys.id, passkey.id));
    const { newDevice, signedInBefore } = await rememberDevice(tx, passkey.userId, deviceId, meta.userAgent);
    const sid = await startSession(tx, passkey.userId, meta.userAgent, undefined, "passkey");
    await recordEvent(tx, { type: "signed_in", email, userId: passkey.userId, ip: meta.ip, detail: "passkey" });
    const { userId } = passkey;
    return {
      ok: true,
      sid,
      userId,
      email,
      nextPath: bound.next,
      newUser: !signedInBefore,
      newDevice,
      method: "passkey",
    };
  });
}

type AuthenticatorTransportFuture = NonNullable<
  Parameters<typeof verifyAuthenticationResponse>[0]["credential"]["transports"]
>[number];

async function recordFailure(reason: PasskeyFailure, ip: string, userId?: string): Promise<Failed> {
  await recordEvent(db(), { type: "passkey_failed", userId, ip, detail: reason });
  return { ok: false, reason };
}

export type ListedPasskey = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null };

export function listPasskeys(userId: string): Promise<ListedPasskey[]> {
  return db()
    .select({ id: passkeys.id, name: passkeys.name, createdAt: passkeys.createdAt, lastUsedAt: passkeys.lastUsedAt })
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(asc(passkeys.createdAt));
}

// Scoped to the user: another user's passkey id changes nothing.
export async function renamePasskey(userId: string, id: string, name: string): Promise<boolean> {
  const renamed = await db()
    .update(passkeys)
    .set({ name })
    .where(and(eq(passkeys.id, id), eq(passkeys.userId, userId)))
    .returning({ id: passkeys.id });
  return renamed.length > 0;
}

export async function removePasskey(session: ActiveSession, id: string, ip: string): Promise<boolean> {
  return db().transaction(async (tx) => {
    const [removed] = await tx
      .delete(passkeys)
      .where(and(eq(passkeys.id, id), eq(passkeys.userId, session.userId)))
      .returning({ name: passkeys.name });
    if (removed) {
      await recordEvent(tx, { type: "passkey_removed", userId: session.userId, ip, detail: removed.name });
    }
    return Boolean(removed);
  });
}

// Authenticators that name themselves by AAGUID (from the passkey-authenticator-aaguids list);
// any other gets the name of the device it was added on.
const KNOWN_AAGUIDS: Record<string, string> = {
  "fbfc3007-154e-4ecc-8c0b-6e020557d7bd": "iCloud Keychain",
  "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4": "Google Password Manager",
  "08987058-cadc-4b81-b6e1-30de50dcbe96": "Windows Hello",
  "9ddd1817-af5a-4672-a2b9-3e3dd95000a9": "Windows Hello",
  "6028b017-b1d4-4c02-b4b3-afcdafc96bb2": "Windows Hello",
  "bada5566-a7aa-401f-bd96-45619a55120d": "1Password",
  "d548826e-79b4-db40-a3d8-11116f7e8349": "Bitwarden",
  "adce0002-35bc-c60a-648b-0b25f1f05503": "Chrome on Mac",
};

export function passkeyName(aaguid: string, userAgent: string): string {
  return KNOWN_AAGUIDS[aaguid.toLowerCase()] ?? describeDevice(userAgent).device;
}
