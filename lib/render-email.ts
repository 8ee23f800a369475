import "server-only";
import { render, toPlainText } from "@react-email/render";
import type { ReactElement } from "react";

export type RenderedEmail = { html: string; text: string };

// The one rendering of an email, for sending it (lib/email.ts) and for previewing it
// (/dev/emails): the HTML, and the text part derived from it (with `react:` the Resend SDK
// would send no text part at all). React Email's converter already drops images and the
// preview line; the changes here are where a link's address goes and how headings read.
export async function renderEmail(body: ReactElement): Promise<RenderedEmail> {
  const html = await render(body);
  const text = toPlainText(html, {
    formatters: { linkOnOwnLine },
    selectors: [
      { selector: "a", format: "linkOnOwnLine" },
      // A heading reads as a line of its own, as written: html-to-text would shout it in capitals
      // and put two blank lines above it (three line breaks after the wordmark).
      { selector: "h1", options: { uppercase: false, leadingLineBreaks: 2 } },
    ],
  });
  return { html, text };
}

// html-to-text's builder, as far as the formatter below uses it (the package ships no types).
type TextBuilder = {
  addLineBreak(): void;
  addInline(text: string, options?: { noWordTransform?: boolean }): void;
  pushWordTransform(transform: (word: string) => string): void;
  popWordTransform(): void;
};
type DomNode = { type: string; data?: string; next: DomNode | null };
type LinkElement = { attribs?: Record<string, string>; children: unknown[]; next: DomNode | null };

// A link's words, then its address on a line of its own (the default runs it on after the
// words): a person can copy it whole, mail apps make it clickable, and the e2e fixtures read the
// sign-in link from it. A link whose words are its address is written once.
function linkOnOwnLine(
  elem: LinkElement,
  walk: (nodes: unknown[], builder: TextBuilder) => void,
  builder: TextBuilder,
): void {
  const href = (elem.attribs?.href ?? "").replace(/^mailto:/, "");
  let words = "";
  builder.pushWordTransform((word) => ((words += word), word));
  walk(elem.children, builder);
  builder.popWordTransform();
  if (!href || href.startsWith("#") || words === href) return;
  builder.addLineBreak();
  builder.addInline(href, { noWordTransform: true });
  // Words after it in the same block go on the next line; a block's end breaks the line anyway.
  if (followedByContent(elem)) builder.addLineBreak();
}

function followedByContent(elem: LinkElement): boolean {
  for (let node = elem.next; node; node = node.next) {
    if (node.type !== "text" || node.data?.trim()) return true;
  }
  return false;
}
