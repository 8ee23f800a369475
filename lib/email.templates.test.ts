import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { emailPreviews } from "@/emails";
import { brand } from "@/lib/brand";
import { renderEmail } from "./email";

// Every template renders, with its PreviewProps, an HTML part and a text part that says what
// the email is for. The text part is produced exactly as lib/email.ts sends it.
const render = (name: string) => renderEmail(emailPreviews[name]!());
const lines = (text: string) => text.split("\n").map((line) => line.trim());

it("lists every template in emails/ for the previews", () => {
  const files = readdirSync(new URL("../emails", import.meta.url)).filter((f) => f.endsWith(".tsx"));
  expect(Object.keys(emailPreviews).sort()).toEqual(files.map((f) => f.replace(/\.tsx$/, "")).sort());
});

describe.each(Object.keys(emailPreviews))("%s", (name) => {
  it("renders an HTML part and a readable text part", async () => {
    const { html, text } = await render(name);
    expect(html).toMatch(/^<!DOCTYPE html/i);
    expect(html).toContain("</html>");
    expect(text.length).toBeGreaterThan(100);
    // No markup, no image alt text, no preview line, no runs of blank lines.
    expect(text).not.toMatch(/<[a-z/!]|\[.*\]|\n{3,}/i);
  });
});

describe("text parts", () => {
  it("sign-in: the link and the code each stand on a line of their own", async () => {
    const { text } = await render("sign-in-email");
    expect(lines(text)).toContain("http://localhost:3000/verify?token=preview-token-not-valid");
    expect(lines(text)).toContain("042917");
    // What the e2e fixtures parse (e2e/fixtures.ts: parseSignInEmail).
    expect(text.match(/^\s*(\d{6})\s*$/m)?.[1]).toBe("042917");
  });

  it("new sign-in alert: the device, the time and the /account address", async () => {
    const { text } = await render("new-sign-in-email");
    expect(lines(text)).toContain("http://localhost:3000/account");
    expect(text).toContain("Chrome on Android (Pixel 7)");
    expect(text).toContain("Wednesday, 25 November 2026 at 09:41 UTC");
  });

  it("no account: names the address, and holds no link and no code", async () => {
    const { html, text } = await render("no-account-email");
    expect(text).toContain("jane@example.com");
    expect(text).toContain(`no ${brand.name} account for this address`);
    for (const part of [html, text]) {
      expect(part).not.toMatch(/https?:\/\/(?!www\.w3\.org\/)/);
      expect(part).not.toMatch(/(?<![\d#])\d{6}(?!\d)/);
    }
    expect(html).not.toMatch(/<a\s/i);
  });
});
