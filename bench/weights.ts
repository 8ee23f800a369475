// What a page makes the browser download: gzip bytes of its scripts and stylesheets.
import { gzipSync } from "node:zlib";

export type Weight = { js: number; css: number; assets: string[] };

const sizes = new Map<string, number>();

async function gzipBytes(url: string): Promise<number> {
  const known = sizes.get(url);
  if (known !== undefined) return known;
  const body = Buffer.from(await (await fetch(url)).arrayBuffer());
  const size = gzipSync(body, { level: 9 }).length;
  sizes.set(url, size);
  return size;
}

export async function pageWeight(appUrl: string, path: string, cookie?: string): Promise<Weight> {
  const response = await fetch(new URL(path, appUrl), { headers: cookie ? { cookie } : {}, redirect: "manual" });
  const html = await response.text();
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!);
  const styles = [...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/g)]
    .map((m) => /href="([^"]+)"/.exec(m[0])?.[1])
    .filter((href): href is string => Boolean(href));
  const unique = (list: string[]) => [
    ...new Set(list.map((href) => new URL(href.replace(/&amp;/g, "&"), appUrl).toString())),
  ];
  let js = 0;
  let css = 0;
  for (const url of unique(scripts)) js += await gzipBytes(url);
  for (const url of unique(styles)) css += await gzipBytes(url);
  return { js, css, assets: [...unique(scripts), ...unique(styles)] };
}

export type Weights = {
  framework: Weight & { path: string };
  login: Weight;
  account: Weight;
  loginOverFramework: { js: number; css: number };
  accountOverFramework: { js: number; css: number };
};

// The framework's share: the lightest page of this build that renders (the 404 page, an error
// page). What /login adds on top of it is what Sesame costs a visitor.
export async function measureWeights(appUrl: string, sessionCookie: string): Promise<Weights> {
  const candidates = ["/verify/error?reason=invalid", "/bench-no-such-page"];
  const measured = await Promise.all(candidates.map(async (path) => ({ path, ...(await pageWeight(appUrl, path)) })));
  const framework = measured.filter((w) => w.js > 0).sort((a, b) => a.js + a.css - (b.js + b.css))[0];
  if (!framework) throw new Error("No page of the build loads any script");
  const login = await pageWeight(appUrl, "/login");
  const account = await pageWeight(appUrl, "/account", sessionCookie);
  const over = (w: Weight) => ({ js: w.js - framework.js, css: w.css - framework.css });
  return { framework, login, account, loginOverFramework: over(login), accountOverFramework: over(account) };
}
