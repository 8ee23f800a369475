import type { APIRequestContext, APIResponse } from "@playwright/test";

// Submits a page's server-action form the way a browser without JavaScript does: the hidden
// `$ACTION_…` fields React rendered into the form, plus the visible fields, as multipart. Lets a
// spec send headers a browser would never let a page set (Origin, Host, Sec-Fetch-Site).
export async function postForm(
  request: APIRequestContext,
  pagePath: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<APIResponse> {
  const page = await request.get(pagePath);
  const html = await page.text();
  const form = /<form[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? "";
  const hidden: Record<string, string> = {};
  for (const input of form.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    if (name) hidden[decode(name)] = decode(/value="([^"]*)"/.exec(input[0])?.[1] ?? "");
  }
  if (!Object.keys(hidden).some((name) => name.startsWith("$ACTION"))) {
    throw new Error(`No server-action form on ${pagePath}`);
  }
  // A browser sends Origin with every form POST; a header given as "" is left out instead.
  const sent = Object.entries({ Origin: new URL(page.url()).origin, ...headers }).filter(([, v]) => v !== "");
  return request.post(pagePath, { multipart: { ...hidden, ...fields }, headers: Object.fromEntries(sent), maxRedirects: 0 });
}

function decode(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
