// How the dev pages frame an email's HTML part, shared with e2e/dev-mailbox-links.spec.ts (the
// dev pages themselves 404 in the production build that e2e runs).
// No script runs in it. Its links open as a webmail's do: a new tab for React Email's button
// (it carries target="_blank", so it needs allow-popups, escaping the sandbox so the app opens as
// itself), this tab for any other link (<base target="_top">).
export const EMAIL_FRAME_SANDBOX =
  "allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation";

export function emailFrameDocument(html: string): string {
  return html.replace("<head>", '<head><base target="_top">');
}
