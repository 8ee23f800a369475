import { routes } from "./routes";

// Headers for every HTML response. Pure, so the proxy and the tests share one definition.
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // Next adds this nonce to its own inline scripts; 'strict-dynamic' lets them load chunks.
    // React's dev build needs eval for its debugging tools; production never allows it.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Emails previewed in the dev mailbox and React's style props are inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join("; ");
}

const isUnder = (pathname: string, route: string) => pathname === route || pathname.startsWith(`${route}/`);

// The sign-in pages: never cached, and the verify pages leak no URL through Referer.
export function isAuthPath(pathname: string): boolean {
  return [routes.login, routes.verify, routes.account].some((route) => isUnder(pathname, route));
}

export function referrerPolicyFor(pathname: string): string {
  return isUnder(pathname, routes.verify) ? "no-referrer" : "strict-origin-when-cross-origin";
}
