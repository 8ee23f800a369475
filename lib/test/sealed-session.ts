import { unsealData } from "iron-session";

// The session id a `sesame_session` cookie seals, read with the secret the test or bench server
// was given, or null when it does not open. A seal names its password's id (lib/auth/cookies.ts) in
// its second field. Every seal of one id reads differently (fresh salt and IV), so cookies are
// compared by what they seal.
export async function sealedSessionId(sealed: string, secret: string): Promise<string | null> {
  const id = sealed.split("*")[1] ?? "";
  const data = await unsealData<{ sid?: string }>(sealed, { password: { [id]: secret } });
  return typeof data.sid === "string" ? data.sid : null;
}

// The values of the live session cookies among `Set-Cookie` lines (not the ones clearing it).
export function sessionCookieValues(setCookies: string[]): string[] {
  return setCookies
    .filter((line) => /^(__Host-)?sesame_session=/.test(line) && !/;\s*max-age=0/i.test(line))
    .map((line) => line.slice(line.indexOf("=") + 1).split(";")[0]!)
    .filter(Boolean);
}
