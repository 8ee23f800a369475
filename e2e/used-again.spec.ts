import { expect, requestSignIn, test } from "./fixtures";

// A link or code already used, met again by the browser it signed in: that browser goes on to
// where it led instead of reading "already used"; any other browser still reads it.

test("a used link opened again in the browser it signed in goes on to where it led", async ({
  page,
  email,
  inbox,
  otherDevice,
}) => {
  await requestSignIn(page, email, `/login?next=${encodeURIComponent("/account?tab=x")}`);
  const { link } = await inbox.latest(email);
  await page.goto(link);
  await expect(page).toHaveURL("/account?tab=x");

  await page.goto(link);
  await expect(page).toHaveURL("/account?tab=x");
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();

  const other = await otherDevice();
  await other.goto(link);
  await expect(other.getByRole("heading", { name: "This link was already used" })).toBeVisible();
});

test("a second tab's confirm goes on once the first tab has signed in", async ({ page, email, inbox, otherDevice }) => {
  await requestSignIn(page, email);
  const { link } = await inbox.latest(email);
  const first = await otherDevice();
  const second = await first.context().newPage();
  await first.goto(link);
  await second.goto(link);
  await expect(second).toHaveURL("/verify/confirm");

  await first.getByRole("button", { name: "Sign in on this device" }).click();
  await expect(first).toHaveURL("/account");
  await second.getByRole("button", { name: "Sign in on this device" }).click();
  await expect(second).toHaveURL("/account");
  await expect(second.getByText(`Signed in as ${email}`)).toBeVisible();
});

test("with JavaScript, a second press of the confirm button sends nothing more", async ({
  page,
  email,
  inbox,
  otherDevice,
}) => {
  await requestSignIn(page, email);
  const { link } = await inbox.latest(email);
  const phone = await otherDevice();
  await phone.goto(link);
  // A second POST would find the link used, and the browser would drop the first answer, its
  // session cookie with it. Every request 400 ms late, as on a mobile network, so the second
  // press lands while the first is on its way.
  const posts: string[] = [];
  phone.on("request", (request) => {
    if (request.method() === "POST" && new URL(request.url()).pathname === "/verify") posts.push(request.url());
  });
  const cdp = await phone.context().newCDPSession(phone);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 400,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  const box = (await phone.getByRole("button", { name: "Sign in on this device" }).boundingBox())!;
  const press = () => phone.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await press();
  await phone.waitForTimeout(150);
  await press();
  await expect(phone).toHaveURL("/account", { timeout: 15_000 });
  await expect(phone.getByText(`Signed in as ${email}`)).toBeVisible();
  expect(posts).toHaveLength(1);
});
