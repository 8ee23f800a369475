// What makes this app yours: its name, colours and logo. Change them here; the pages (through
// the CSS variables the root layout sets), the emails (emails/styles.ts), the favicon and the
// 503 page all follow. Pure data, no server-only: emails, pages and tests import it.

type Palette = {
  // Primary buttons, links, the focus ring and the "This device" badge.
  brand: string;
  // Primary buttons on hover.
  brandStrong: string;
  // Text on a `brand` or `brandStrong` fill.
  onBrand: string;
};

export const brand = {
  name: "Sesame",
  // Hex only: emails cannot use CSS variables, and lib/brand.test.ts checks each pair's contrast
  // (WCAG AA, 4.5:1) against the cards and page backgrounds of its theme.
  colors: {
    light: { brand: "#4f46e5", brandStrong: "#4338ca", onBrand: "#ffffff" },
    // On dark surfaces a colour must be lighter to be read, so the fill is light and its text dark.
    dark: { brand: "#818cf8", brandStrong: "#a5b4fc", onBrand: "#030712" },
  } satisfies Record<"light" | "dark", Palette>,
  // A 32×32 mark drawn in currentColor, so it takes the brand colour of the theme it is shown in.
  // Replace it with your own SVG (keep currentColor where the brand colour should go).
  logoSvg:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" fill="currentColor">' +
    '<path fill-rule="evenodd" d="M8 0h16a8 8 0 0 1 8 8v16a8 8 0 0 1-8 8H8a8 8 0 0 1-8-8V8a8 8 0 0 1 8-8Zm8 7.5a4.75 4.75 0 0 0-2.4 8.85L12.25 24.5h7.5l-1.35-8.15A4.75 4.75 0 0 0 16 7.5Z"/>' +
    "</svg>",
} as const;

// The custom properties the root layout puts on <html>; app/globals.css picks the light or dark
// set by prefers-color-scheme and maps them to Tailwind's `brand`, `brand-strong`, `on-brand`.
export function brandCssVariables(): Record<`--${string}`, string> {
  const variables: Record<`--${string}`, string> = {};
  for (const [theme, palette] of Object.entries(brand.colors)) {
    variables[`--brand-${theme}`] = palette.brand;
    variables[`--brand-strong-${theme}`] = palette.brandStrong;
    variables[`--on-brand-${theme}`] = palette.onBrand;
  }
  return variables;
}
