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

// The sign-in pages: never cached, and the verify pages leak no URL through Referer.
export function isAuthPath(pathname: string): boolean {
  return /^\/(login|verify|account)(\/|$)/.test(pathname);
}

export function referrerPolicyFor(pathname: string): string {
  return /^\/verify(\/|$)/.test(pathname) ? "no-referrer" : "strict-origin-when-cross-origin";
}
