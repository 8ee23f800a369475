import { EMAIL_FRAME_SANDBOX, emailFrameDocument } from "@/app/dev/_components/email-frame";
import { brand } from "@/lib/brand";
import { expect, requestSignIn, test } from "./fixtures";

// The dev mailbox's promise (README, Quick start): click the link in the email and you are
// signed in. The email is framed as /dev/mailbox frames it; how it was checked to fail: with the
// frame's old sandbox (allow-top-navigation-by-user-activation only) the click opened nothing.
test(
  "the button in a framed email opens the link and signs in",
  { tag: "@desktop" },
  async ({ page, email, inbox }) => {
    await requestSignIn(page, email);
    await inbox.latest(email);
    const [message] = await inbox.all(email);
    const mailbox = await page.context().newPage();
    await mailbox.setContent(
      `<iframe title="Email" sandbox="${EMAIL_FRAME_SANDBOX}" srcdoc="${escapeAttribute(emailFrameDocument(message!.html))}"></iframe>`,
    );
    const opened = page.context().waitForEvent("page");
    await mailbox
      .frameLocator("iframe")
      .getByRole("link", { name: `Sign in to ${brand.name}` })
      .click();
    const tab = await opened;
    await expect(tab).toHaveURL("/account");
    await expect(tab.getByText(`Signed in as ${email}`)).toBeVisible();
  },
);

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
}
