import { NextResponse, type NextRequest } from "next/server";
import { messages } from "@/app/messages";
import { authConfig } from "@/lib/auth/config";
import { REQUEST_PATH_HEADER, refuseBody } from "@/lib/auth/http";
import { isProductionBuild } from "@/lib/env";
import { contentSecurityPolicy, isAuthPath, referrerPolicyFor } from "@/lib/security-headers";

// Runs before every page: a fresh CSP nonce per request (Next reads it from the request's CSP
// header and stamps its own scripts), the request's own path for the app (lib/auth/http.ts),
// plus the headers every HTML response carries.
export function proxy(request: NextRequest) {
  // Refused before any page, action or route handler sees it: past its own limit, Next's
  // server-action check answers a bare 500, and route handlers have no limit of their own.
  // A chunked body says no length: browsers always send one with a form or an action, so such a
  // POST is refused too (411). Next buffers for this function at most
  // experimental.proxyClientMaxBodySize (next.config.ts), and POST /verify reads its body bounded.
  const length = request.headers.get("content-length");
  if (length === null && request.method === "POST" && request.headers.has("transfer-encoding")) {
    return refuseBody(411, messages.lengthRequired);
  }
  if (Number(length ?? 0) > authConfig.maxRequestBodyBytes) return refuseBody(413, messages.bodyTooLarge);
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, !isProductionBuild);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  // `set`, not `append`: a value the client sent is replaced. nextUrl has Next's own `_rsc`
  // parameter stripped already.
  const { pathname, search } = request.nextUrl;
  requestHeaders.set(REQUEST_PATH_HEADER, `${pathname}${search}`);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Referrer-Policy", referrerPolicyFor(pathname));
  if (isAuthPath(pathname)) response.headers.set("Cache-Control", "no-store");
  if (isProductionBuild) {
    response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  }
  return response;
}

export const config = {
  // Static assets carry no HTML and need no nonce.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
