import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

// WCAG 2.1 A and AA, plus axe's best practices. Nothing is excluded and no rule is turned off:
// a violation is fixed in the product.
export const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];
const describe = (v: Violation) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`;

// Runs axe on the page as it is now, in the light and then the dark colour scheme. After a
// client-side navigation (a server action's redirect) Next streams the new <title> after the
// content, so for a moment the document has none: wait for it (a page that never gets one still
// fails, here) rather than report that moment.
export async function expectAccessible(page: Page): Promise<void> {
  await expect(page).toHaveTitle(/\S/);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).withTags(axeTags).analyze();
    expect(violations.map(describe), `axe on ${page.url()}, ${colorScheme} theme`).toEqual([]);
  }
}
