// Every path the app links, redirects or posts to. Pure (no server-only): pages, actions, route
// handlers, proxy.ts and the emails all build their URLs from here.
export const routes = {
  home: "/",
  login: "/login",
  checkEmail: "/login/check-email",
  // POST: the options of a passkey sign-in (app/login/passkey/route.ts).
  passkeyOptions: "/login/passkey",
  verify: "/verify",
  confirm: "/verify/confirm",
  verifyError: "/verify/error",
  account: "/account",
  unavailable: "/unavailable",
  devMailbox: "/dev/mailbox",
  devEmails: "/dev/emails",
} as const;

// The sign-in page, coming back to `next` afterwards (the page checks it: safeNextPath).
export const loginPath = (next?: string) => (next ? `${routes.login}?next=${encodeURIComponent(next)}` : routes.login);

export const passkeyOptionsPath = (next: string) => `${routes.passkeyOptions}?next=${encodeURIComponent(next)}`;

// Why a link signed nobody in (app/messages.ts explains each reason).
export const verifyErrorPath = (reason: string) => `${routes.verifyError}?reason=${encodeURIComponent(reason)}`;

// The 503 page for pages and server actions, remembering where the person was.
export const unavailablePath = (from: string) => `${routes.unavailable}?from=${encodeURIComponent(from)}`;
