import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { brand, brandCssVariables } from "./brand";

// A team changing the brand colour hears here, before any browser runs, when it is unreadable.
// The surfaces are Tailwind's, as the layout and cards use them: white and gray-50 in the light
// theme, gray-900 and gray-950 in the dark one.
const surfaces = {
  light: { card: "#ffffff", page: "#f9fafb" },
  dark: { card: "#101828", page: "#030712" },
} as const;

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// WCAG 2.1 contrast ratio, 1 to 21.
function contrast(a: string, b: string): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

describe.each(["light", "dark"] as const)("the %s palette", (theme) => {
  const palette = brand.colors[theme];

  test("every colour is a six-digit hex (emails cannot use anything else)", () => {
    for (const colour of Object.values(palette)) expect(colour).toMatch(/^#[0-9a-f]{6}$/i);
  });

  test("brand-coloured text and focus rings are readable on cards and the page (AA, 4.5:1)", () => {
    for (const surface of Object.values(surfaces[theme])) {
      expect(contrast(palette.brand, surface)).toBeGreaterThanOrEqual(4.5);
    }
  });

  test("button text is readable on the brand fill, hovered or not (AA, 4.5:1)", () => {
    expect(contrast(palette.onBrand, palette.brand)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(palette.onBrand, palette.brandStrong)).toBeGreaterThanOrEqual(4.5);
  });
});

test("the contrast check itself tells readable from unreadable", () => {
  expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
  expect(contrast("#777777", "#ffffff")).toBeLessThan(4.5);
});

test("app/globals.css picks up every variable the layout sets", () => {
  const css = readFileSync(new URL("../app/globals.css", import.meta.url), "utf8");
  const names = Object.keys(brandCssVariables());
  expect(names).toHaveLength(6);
  for (const name of names) expect(css).toContain(`var(${name})`);
});
