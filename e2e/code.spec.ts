import type { Page } from "@playwright/test";
import { expect, expectHydrated, requestSignIn, test, wrongCode } from "./fixtures";

// With JavaScript, the sixth digit submits the form: these tests never press the button (the
// no-JavaScript spec does). The field must be hydrated first, or typing runs no handler.
// How the field tests were checked to fail (each change built and run, then restored): without
// `inputMode="numeric"` in code-form.tsx the attribute test fails; with verifyCodeAction
// stripping only spaces, the dashed code is refused and never reaches /account.
async function codeField(page: Page) {
  const field = page.getByLabel("Code");
  await expectHydrated(field);
  return field;
}

test(
  "on a phone the code form comes first and the emailed code signs in",
  { tag: "@mobile" },
  async ({ page, email, inbox }) => {
    await requestSignIn(page, email);
    await expect(page.getByLabel("Code")).toBeVisible();
    await expect(page.getByText("Click the link in the email to sign in.")).toBeHidden();

    await (await codeField(page)).fill((await inbox.latest(email)).code);
    await expect(page).toHaveURL("/account");
    await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  },
);

test("on a phone, choosing the link instead is remembered", { tag: "@mobile" }, async ({ page, email }) => {
  await requestSignIn(page, email);
  await page.getByRole("button", { name: "I'll use the link instead" }).click();
  await expect(page.getByText("Click the link in the email to sign in.")).toBeVisible();
  await expect(page.getByLabel("Code")).toBeHidden();

  // Next visit, next address: the link is shown first.
  await requestSignIn(page, email.replace("user-", "again-"));
  await expect(page.getByText("Click the link in the email to sign in.")).toBeVisible();
  await expect(page.getByLabel("Code")).toBeHidden();
});

test(
  "on a desktop the link comes first; the code is one click away and remembered",
  { tag: "@desktop" },
  async ({ page, email, inbox }) => {
    await requestSignIn(page, email);
    await expect(page.getByText("Click the link in the email to sign in.")).toBeVisible();
    await expect(page.getByLabel("Code")).toBeHidden();
    await page.getByRole("button", { name: "Enter the code instead" }).click();
    await expect(page.getByLabel("Code")).toBeVisible();

    // Next visit, next address: the code form is shown first. (Another inbox: `user+again@` is
    // the same one, within this browser's minute, so nothing would be sent.)
    const next = email.replace("user-", "again-");
    await requestSignIn(page, next);
    await expect(page.getByText("Click the link in the email to sign in.")).toBeHidden();
    await (await codeField(page)).fill((await inbox.latest(next)).code);
    await expect(page.getByText(`Signed in as ${next}`)).toBeVisible();
  },
);

test("a wrong code says how many tries are left; the right one still works", async ({ page, email, inbox }) => {
  await requestSignIn(page, email);
  await page.goto("/login/check-email?method=code");
  const { code } = await inbox.latest(email);

  const field = await codeField(page);
  await field.fill(wrongCode(code));
  await expect(page.getByText("That code isn't right. 4 tries left.")).toBeVisible();
  await expect(field).toHaveAttribute("aria-invalid", "true");

  await field.fill(code);
  await expect(page).toHaveURL("/account");
});

test("five wrong codes lock the sign-in, link included", async ({ page, email, inbox }) => {
  await requestSignIn(page, email);
  await page.goto("/login/check-email?method=code");
  const { code, link } = await inbox.latest(email);

  const field = await codeField(page);
  for (const [n, left] of ["4 tries", "3 tries", "2 tries", "1 try"].entries()) {
    await field.fill(wrongCode(code, n + 1));
    await expect(page.getByText(`That code isn't right. ${left} left.`)).toBeVisible();
  }
  await field.fill(wrongCode(code, 5));
  await expect(page.getByText(/^Too many tries/)).toBeVisible();

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This sign-in was locked" })).toBeVisible();
});

test("a pasted code with a space in it works", async ({ page, email, inbox }) => {
  await requestSignIn(page, email);
  await page.goto("/login/check-email?method=code");
  const { code } = await inbox.latest(email);

  await (await codeField(page)).fill(`${code.slice(0, 3)} ${code.slice(3)}`);
  await expect(page).toHaveURL("/account");
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});

test("typing the sixth digit submits the code", async ({ page, email, inbox }) => {
  await requestSignIn(page, email);
  await page.goto("/login/check-email?method=code");
  const { code } = await inbox.latest(email);

  await (await codeField(page)).pressSequentially(code, { delay: 50 });
  await expect(page).toHaveURL("/account");
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});

test("the code field asks for digits and offers the emailed code", async ({ page, email }) => {
  await requestSignIn(page, email);
  await page.goto("/login/check-email?method=code");
  const field = page.getByLabel("Code");
  // A numeric keypad on phones, and the code from the email offered above the keyboard.
  await expect(field).toHaveAttribute("inputmode", "numeric");
  await expect(field).toHaveAttribute("autocomplete", "one-time-code");
});

test("a pasted code with a dash in it works", async ({ page, email, inbox }) => {
  await requestSignIn(page, email);
  await page.goto("/login/check-email?method=code");
  const { code } = await inbox.latest(email);

  await (await codeField(page)).fill(`${code.slice(0, 3)}-${code.slice(3)}`);
  await expect(page).toHaveURL("/account");
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});
