import { authConfig } from "./config";

// Where to go after sign-in. Checked when the challenge is issued and stored with it, so the
// link itself carries no redirect target. Only same-origin paths survive; anything that a
// browser could read as another host (//evil, /\evil, https:evil, encoded slashes) is dropped.
export function safeNextPath(raw: unknown, appUrl: URL): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 512) {
    return authConfig.defaultNextPath;
  }
  // Encoded slashes matter only in the path; in the query ("?q=a%2Fb") they are just data.
  const path = raw.split(/[?#]/, 1)[0]!;
  const suspicious =
    !raw.startsWith("/") ||
    raw.startsWith("//") ||
    /[\\\u0000-\u001f\u007f]/.test(raw) ||
    /%(2f|5c)/i.test(path) ||
    /%(0[0-9a-f]|1[0-9a-f])/i.test(raw);
  if (suspicious) return authConfig.defaultNextPath;
  try {
    const url = new URL(raw, appUrl);
    if (url.origin !== appUrl.origin) return authConfig.defaultNextPath;
    // Dot segments can collapse into a protocol-relative path: "/.//evil" parses to "//evil".
    if (url.pathname.startsWith("//")) return authConfig.defaultNextPath;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return authConfig.defaultNextPath;
  }
}
