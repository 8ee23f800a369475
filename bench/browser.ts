// A browser without JavaScript, reduced to what it sends: cookies, form fields and redirects.
// A server-action form without JS is a plain multipart POST of the form's hidden inputs
// (React's `$ACTION_REF_…`/`$ACTION_KEY` or `$ACTION_ID_…`) plus the visible fields.

export type BrowserOptions = { baseUrl: string; ip: string; userAgent: string };

export const desktopUa =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
// A phone: the check-email page then offers the code form first, as it would on a real phone.
export const mobileUa =
  "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";

export type Page = { url: string; status: number; html: string; location: string | null; setCookies: string[] };

export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly options: BrowserOptions) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  // One request, no redirect following: the caller decides, as the steps are timed separately.
  async request(path: string, init: { method?: string; body?: FormData } = {}): Promise<Page> {
    const url = new URL(path, this.options.baseUrl).toString();
    const headers: Record<string, string> = {
      "user-agent": this.options.userAgent,
      // What a proxy in front of the app appends; the server runs with TRUSTED_PROXY_HOPS=1.
      "x-forwarded-for": this.options.ip,
      accept: "text/html",
    };
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    if (init.method === "POST") {
      headers.origin = new URL(this.options.baseUrl).origin;
      headers["sec-fetch-site"] = "same-origin";
    }
    const response = await fetch(url, { method: init.method ?? "GET", headers, body: init.body, redirect: "manual" });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) this.storeCookie(line);
    const html = await response.text();
    return { url, status: response.status, html, location: response.headers.get("location"), setCookies };
  }

  // GET, then follow redirects like a browser (303/302/307 → GET of the Location).
  async visit(path: string): Promise<Page> {
    let page = await this.request(path);
    for (let hops = 0; page.location && hops < 5; hops++) page = await this.request(page.location);
    return page;
  }

  // Submit the form on `page` that has a field named `field`, with `values` typed in.
  async submit(page: Page, field: string, values: Record<string, string>): Promise<Page> {
    const form = findForm(page.html, field);
    const body = new FormData();
    for (const [name, value] of form.hidden) body.append(name, value);
    for (const [name, value] of Object.entries(values)) body.append(name, value);
    return this.request(form.action ? new URL(form.action, page.url).toString() : page.url, {
      method: "POST",
      body,
    });
  }

  private storeCookie(line: string) {
    const [pair = "", ...attributes] = line.split(";");
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
    if (expired || value === "") this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

type Form = { action: string; hidden: [string, string][] };

function findForm(html: string, field: string): Form {
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const [, attributes = "", inner = ""] = match;
    const inputs = [...inner.matchAll(/<input\b([^>]*)>/g)].map((m) => attrs(m[1] ?? ""));
    if (!inputs.some((input) => input.name === field)) continue;
    const hidden = inputs
      .filter((input) => input.type === "hidden" && input.name)
      .map((input) => [input.name!, input.value ?? ""] as [string, string]);
    return { action: attrs(attributes).action ?? "", hidden };
  }
  throw new Error(`No form with a field named "${field}" on the page`);
}

function attrs(source: string): Record<string, string | undefined> {
  const out: Record<string, string> = {};
  for (const m of source.matchAll(/([a-zA-Z$_:-]+)="([^"]*)"/g)) out[m[1]!.toLowerCase()] = unescapeHtml(m[2]!);
  return out;
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
