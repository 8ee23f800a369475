import type { NextRequest } from "next/server";
import { messages } from "@/app/messages";
import { readLink } from "@/lib/auth/challenge";
import { bindingCookie, currentDeviceId, keepDeviceId, pendingLinkCookie } from "@/lib/auth/cookies";
import { authConfig } from "@/lib/auth/config";
import { clientIp, isSameOrigin, readFormWithin, refuseBody } from "@/lib/auth/http";
import { continueUsedSignIn, redeemLink, type LinkFailure } from "@/lib/auth/redeem";
import { finishSignIn, holdsSession } from "@/lib/auth/session";
import { LINK_TOKEN_PATTERN, newSessionId } from "@/lib/auth/tokens";
import { respondUnlessDbUnavailable } from "@/lib/db-unavailable";
import { routes, verifyErrorPath } from "@/lib/routes";

// GET: the emailed link. Only the browser that asked (it carries the binding cookie) is signed
// in at once. Mail scanners and other devices fetch links without that cookie: for them nothing
// is consumed; the token is parked in a cookie and they are sent to a confirm page that POSTs.
// A database failure anywhere below answers 503 before any cookie is written.
export async function GET(request: NextRequest) {
  const token = request.nextUrl.searchParams.get("token") ?? "";
  if (!LINK_TOKEN_PATTERN.test(token)) return seeOther(verifyErrorPath("invalid"));
  return respondUnlessDbUnavailable(async () => {
    const link = await readLink(token, clientIp(request.headers));
    const binding = await bindingCookie.read();
    const bound = binding !== null && binding.cid === link.id ? binding : null;
    if (link.status !== "live") {
      return answerDeadLink({ ok: false, reason: link.status, email: link.email, nextPath: link.nextPath }, bound?.sid);
    }
    if (bound) return redeem(token, request, bound.sid);
    await pendingLinkCookie.write({ token, cid: link.id, sid: newSessionId() });
    return seeOther(routes.confirm);
  });
}

// Scanners send HEAD too. It must consume nothing, whatever cookies it carries.
export function HEAD() {
  return new Response(null, { status: 200, headers: noStoreHeaders });
}

// The confirm page's button. Route handlers get no CSRF check from Next: compare Origin here.
export async function POST(request: NextRequest) {
  if (!isSameOrigin(request.headers)) return seeOther(verifyErrorPath("cross-site"));
  // Read bounded whatever its framing (proxy.ts checks only a stated length): a few bytes.
  const body = await readFormWithin(request, authConfig.maxRequestBodyBytes);
  if (!body.ok) return refuseBody(413, messages.bodyTooLarge);
  const pending = await pendingLinkCookie.read();
  const shown = body.form?.get("challenge");
  return respondUnlessDbUnavailable(async () => {
    // Gone: expired, or used by another tab of this browser, which is then signed in.
    if (!pending) return seeOther((await holdsSession()) ? routes.account : verifyErrorPath("expired"));
    // Another link was parked after the page was shown (see pendingLinkCookie): the person
    // confirmed the address they saw, not whichever link came last. Neither is redeemed.
    if (typeof shown !== "string" || shown !== pending.cid) {
      await pendingLinkCookie.clear();
      return seeOther(verifyErrorPath("replaced"));
    }
    return redeem(pending.token, request, pending.sid);
  });
}

// `sid`: the session id drawn by the cookie that let this browser redeem (cookies.ts).
async function redeem(token: string, request: NextRequest, sid: string) {
  const meta = { ip: clientIp(request.headers), userAgent: request.headers.get("user-agent") ?? "" };
  const deviceId = await currentDeviceId();
  const result = await redeemLink(token, meta, { sid, deviceId });
  await keepDeviceId(deviceId);
  if (!result.ok) {
    await pendingLinkCookie.clear();
    return answerDeadLink(result, sid);
  }
  // The transaction has committed; only now does the browser get a session.
  await finishSignIn(result, meta);
  return seeOther(result.nextPath);
}

// A used link opened again by the browser it signed in (a second tab, the button pressed twice)
// goes on to where it led (redeem.ts, continueUsedSignIn; `sid` only when this browser's cookie
// is for this link); anyone else reads why the link is dead.
async function answerDeadLink(dead: LinkFailure, sid?: string) {
  const { reason, email } = dead;
  if (reason === "used" && email && (await continueUsedSignIn(email, sid))) {
    return seeOther(dead.nextPath ?? routes.account);
  }
  return seeOther(verifyErrorPath(reason));
}

const noStoreHeaders = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

// 303 with a relative Location: the token leaves the address bar, and `next start` cannot turn
// the bind address into an absolute URL.
function seeOther(path: string) {
  return new Response(null, { status: 303, headers: { Location: path, ...noStoreHeaders } });
}
