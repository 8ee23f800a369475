import { brand } from "@/lib/brand";

// The mark is decoration; the name beside it is what assistive technology reads. The SVG is a
// constant from lib/brand.ts, never user input, so setting it as HTML is safe.
export function Logo() {
  return (
    <span className="inline-flex items-center gap-2 text-lg font-semibold tracking-tight">
      <span
        aria-hidden="true"
        className="size-8 text-brand [&>svg]:size-full"
        dangerouslySetInnerHTML={{ __html: brand.logoSvg }}
      />
      <span>{brand.name}</span>
    </span>
  );
}
