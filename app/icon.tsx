import { brand } from "@/lib/brand";

// The favicon is the logo. A standalone SVG has no page CSS around it, so its colour is set on
// the root, and switched for browsers whose tabs are dark.
export const contentType = "image/svg+xml";

export default function Icon() {
  const { light, dark } = brand.colors;
  const style = `<style>svg{color:${light.brand}}@media (prefers-color-scheme:dark){svg{color:${dark.brand}}}</style>`;
  const svg = brand.logoSvg.replace(/^<svg([^>]*)>/, `<svg$1>${style}`);
  return new Response(svg, { headers: { "Content-Type": contentType } });
}
