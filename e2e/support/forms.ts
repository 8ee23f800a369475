import type { APIRequestContext, APIResponse } from "@playwright/test";

// Submits a page's server-action form the way a browser without JavaScript does: the hidden
// `$ACTION_…` fields React rendered into the form, plus the visible fields, as multipart. Lets a
// spec send headers a browser would never let a page set (Origin, Host, Sec-Fetch-Site).
// The page's first form, or with `form` the first one whose HTML contains that text (e.g. its
// button's label).
export async function postForm(
  request: APIRequestContext,
  pagePath: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
  { form: containing }: { form?: string } = {},
): Promise<APIResponse> {
  const page = await request.get(pagePath);
  const html = await page.text();
  const forms = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].map((match) => match[1]!);
  const form = (containing === undefined ? forms[0] : forms.find((f) => f.includes(containing))) ?? "";
  const hidden: Record<string, string> = {};
  for (const input of form.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    if (name) hidden[decode(name)] = decode(/value="([^"]*)"/.exec(input[0])?.[1] ?? "");
  }
  if (!Object.keys(hidden).some((name) => name.startsWith("$ACTION"))) {
    throw new Error(`No server-action form on ${pagePath}${containing ? ` containing "${containing}"` : ""}`);
  }
  // A browser sends Origin with every form POST; a header given as "" is left out instead.
  const sent = Object.entries({ Origin: new URL(page.url()).origin, ...headers }).filter(([, v]) => v !== "");
  return request.post(pagePath, {
    multipart: { ...hidden, ...fields },
    headers: Object.fromEntries(sent),
    maxRedirects: 0,
  });
}

function decode(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
