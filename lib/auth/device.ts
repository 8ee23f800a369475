import "server-only";
import { UAParser } from "ua-parser-js";

export type Method = "code" | "link";

// Picks which way in is shown first; never decides what is allowed. Client Hints first
// (`Sec-CH-UA-Mobile: ?1`), then the user agent through a maintained parser.
export function preferredMethod(h: Headers, remembered: string | undefined): Method {
  if (remembered === "code" || remembered === "link") return remembered;
  const mobileHint = h.get("sec-ch-ua-mobile");
  if (mobileHint === "?1") return "code";
  if (mobileHint === "?0") return "link";
  const type = new UAParser(h.get("user-agent") ?? "").getDevice().type;
  return type === "mobile" || type === "tablet" ? "code" : "link";
}

// "Chrome on macOS", "Mobile Safari on iOS": how a session is named in the device list.
export function describeDevice(userAgent: string): { label: string; mobile: boolean } {
  const parsed = new UAParser(userAgent).getResult();
  const browser = parsed.browser.name ?? "Unknown browser";
  const os = parsed.os.name ? ` on ${parsed.os.name}` : "";
  const type = parsed.device.type;
  return { label: `${browser}${os}`, mobile: type === "mobile" || type === "tablet" };
}
