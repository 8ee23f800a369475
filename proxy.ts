import { NextResponse, type NextRequest } from "next/server";
import { isProductionBuild } from "@/lib/env";
import { contentSecurityPolicy, isAuthPath, referrerPolicyFor } from "@/lib/security-headers";

// Runs before every page: a fresh CSP nonce per request (Next reads it from the request's CSP
// header and stamps its own scripts), plus the headers every HTML response carries.
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, !isProductionBuild);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  const { pathname } = request.nextUrl;
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
