import { expect, test } from "./fixtures";

// The dev mailbox (where emails go without RESEND_API_KEY) exists only outside production: the
// e2e servers are production builds. How it was checked to fail: without the
// `isProductionBuild` guard in app/dev/mailbox/page.tsx, /dev/mailbox answered 200. A message
// page 404s either way here (production sends through Resend, so no message id exists); its
// guard keeps it so should one ever be stored.
for (const path of ["/dev/mailbox", "/dev/mailbox/anything", "/dev/mailbox/0b7e6a5c-3f1d-4c2a-9e8b-5d4c3b2a1f0e"]) {
  test(`GET ${path} is not found in production`, { tag: "@desktop" }, async ({ request }) => {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status()).toBe(404);
    expect(await response.text()).not.toContain("Dev mailbox");
  });
}
