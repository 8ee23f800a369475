import "server-only";
import { UAParser } from "ua-parser-js";
import { authConfig } from "./config";

export type Method = "code" | "link";
export type DeviceKind = "phone" | "tablet" | "computer";

// Picks which way in is shown first; never decides what is allowed. A remembered choice wins;
// otherwise the configured default for this kind of device (authConfig.defaultMethod).
export function preferredMethod(
  h: Headers,
  remembered: string | undefined,
  defaults: Record<DeviceKind, Method> = authConfig.defaultMethod,
): Method {
  if (remembered === "code" || remembered === "link") return remembered;
  return defaults[deviceKind(h)];
}

// Client Hints first: `Sec-CH-UA-Mobile` is the browser's own word on "phone or not", and
// survives the frozen user agents of recent Chrome. Only the user agent (through a maintained
// parser) tells a tablet from a computer.
export function deviceKind(h: Headers): DeviceKind {
  const mobileHint = h.get("sec-ch-ua-mobile");
  if (mobileHint === "?1") return "phone";
  const kind = describeDevice(h.get("user-agent") ?? "").kind;
  // When the hint and the user agent disagree, the hint wins.
  return mobileHint === "?0" && kind === "phone" ? "computer" : kind;
}

// "Chrome on macOS", "Safari on iPhone", "Chrome on Android": how a session is named in the
// device list and the new-sign-in email. `device` is also the key of a known device.
export function describeDevice(userAgent: string): {
  device: string;
  kind: DeviceKind;
  model: string | null;
} {
  const { browser, os, device } = new UAParser(userAgent).getResult();
  const kind: DeviceKind = device.type === "mobile" ? "phone" : device.type === "tablet" ? "tablet" : "computer";
  // "Mobile Safari" is just Safari to a person; Apple's phones and tablets are named by model.
  const browserName = (browser.name ?? "Unknown browser").replace(/^Mobile /, "");
  const place = device.vendor === "Apple" && kind !== "computer" ? device.model : os.name?.replace(/^Mac OS$/, "macOS");
  return {
    device: place ? `${browserName} on ${place}` : browserName,
    kind,
    // Not a second time: "Safari on iPhone (iPhone)".
    model: kind !== "computer" && device.model && device.model !== place ? device.model : null,
  };
}
