import { expect, test } from "./fixtures";

// The dev mailbox (where emails go without RESEND_API_KEY) and the email previews exist only in
// development: a production build, which every e2e server is, answers 404 and shows nothing of
// them, not even a title. How it was checked to fail: without the `isProductionBuild` guard in
// app/dev/mailbox/page.tsx, /dev/mailbox answered 200. A mailbox message page 404s either way
// here (production sends through Resend, so no message id exists); its guard keeps it so should
// one ever be stored.
const devPaths = [
  "/dev/mailbox",
  "/dev/mailbox/anything",
  "/dev/mailbox/0b7e6a5c-3f1d-4c2a-9e8b-5d4c3b2a1f0e",
  "/dev/emails",
  "/dev/emails/sign-in-email",
];

for (const path of devPaths) {
  test(`a production build does not serve ${path}`, { tag: "@desktop" }, async ({ request }) => {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status()).toBe(404);
    const body = await response.text();
    expect(body).not.toContain("Dev mailbox");
    expect(body).not.toContain("Email previews");
  });
}
