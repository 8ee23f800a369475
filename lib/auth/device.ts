import "server-only";
import { UAParser } from "ua-parser-js";

export type Method = "code" | "link";
export type DeviceKind = "phone" | "tablet" | "computer";

// Picks which way in is shown first; never decides what is allowed. Client Hints first
// (`Sec-CH-UA-Mobile: ?1`), then the user agent through a maintained parser.
export function preferredMethod(h: Headers, remembered: string | undefined): Method {
  if (remembered === "code" || remembered === "link") return remembered;
  const mobileHint = h.get("sec-ch-ua-mobile");
  if (mobileHint === "?1") return "code";
  if (mobileHint === "?0") return "link";
  const kind = describeDevice(h.get("user-agent") ?? "").kind;
  return kind === "computer" ? "link" : "code";
}

// "Chrome on macOS", "Safari on iPhone", "Chrome on Android": how a session is named in the
// device list and the new-sign-in email. `device` is also the key of a known device.
export function describeDevice(userAgent: string): {
  device: string;
  kind: DeviceKind;
  model: string | null;
} {
  const { browser, os, device } = new UAParser(userAgent).getResult();
  const kind: DeviceKind =
    device.type === "mobile" ? "phone" : device.type === "tablet" ? "tablet" : "computer";
  // "Mobile Safari" is just Safari to a person; Apple's phones and tablets are named by model.
  const browserName = (browser.name ?? "Unknown browser").replace(/^Mobile /, "");
  const place =
    device.vendor === "Apple" && kind !== "computer" ? device.model : os.name?.replace(/^Mac OS$/, "macOS");
  return {
    device: place ? `${browserName} on ${place}` : browserName,
    kind,
    model: kind !== "computer" && device.model ? device.model : null,
  };
}
