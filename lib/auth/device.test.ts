import { describe, expect, it } from "vitest";
import { authConfig } from "./config";
import { describeDevice, deviceKind, preferredMethod } from "./device";

// Real user agents, as the e2e browsers and common devices send them.
const ua = {
  desktopChrome:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
  pixel7:
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
  iphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
  galaxyTab:
    "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
};

const headers = (userAgent: string, mobileHint?: "?0" | "?1") =>
  new Headers({ "user-agent": userAgent, ...(mobileHint ? { "sec-ch-ua-mobile": mobileHint } : {}) });

describe("deviceKind", () => {
  it("reads phones, tablets and computers from the user agent when there is no hint", () => {
    expect(deviceKind(headers(ua.desktopChrome))).toBe("computer");
    expect(deviceKind(headers(ua.pixel7))).toBe("phone");
    expect(deviceKind(headers(ua.iphone))).toBe("phone");
    expect(deviceKind(headers(ua.galaxyTab))).toBe("tablet");
  });

  it("lets the Sec-CH-UA-Mobile hint win over the user agent", () => {
    expect(deviceKind(headers(ua.desktopChrome, "?1"))).toBe("phone");
    expect(deviceKind(headers(ua.pixel7, "?0"))).toBe("computer");
    // "?0" says "not a phone"; only the user agent can say tablet.
    expect(deviceKind(headers(ua.galaxyTab, "?0"))).toBe("tablet");
  });
});

describe("describeDevice", () => {
  it("names a device by browser and system, with the model when it adds something", () => {
    expect(describeDevice(ua.pixel7)).toEqual({ device: "Chrome on Android", kind: "phone", model: "Pixel 7" });
    expect(describeDevice(ua.iphone)).toEqual({ device: "Safari on iPhone", kind: "phone", model: null });
    expect(describeDevice(ua.desktopChrome)).toEqual({ device: "Chrome on Windows", kind: "computer", model: null });
  });
});

describe("preferredMethod", () => {
  it("offers the code on phones and tablets and the link on computers, by default", () => {
    expect(authConfig.defaultMethod).toEqual({ phone: "code", tablet: "code", computer: "link" });
    expect(preferredMethod(headers(ua.pixel7, "?1"), undefined)).toBe("code");
    expect(preferredMethod(headers(ua.galaxyTab, "?0"), undefined)).toBe("code");
    expect(preferredMethod(headers(ua.desktopChrome, "?0"), undefined)).toBe("link");
  });

  it("follows the configured default for each kind of device", () => {
    const allLink = { phone: "link", tablet: "link", computer: "link" } as const;
    const tabletsLink = { phone: "code", tablet: "link", computer: "code" } as const;
    expect(preferredMethod(headers(ua.iphone), undefined, allLink)).toBe("link");
    expect(preferredMethod(headers(ua.galaxyTab), undefined, tabletsLink)).toBe("link");
    expect(preferredMethod(headers(ua.desktopChrome), undefined, tabletsLink)).toBe("code");
  });

  it("lets a remembered choice win, and ignores a remembered value that is not a method", () => {
    expect(preferredMethod(headers(ua.pixel7, "?1"), "link")).toBe("link");
    expect(preferredMethod(headers(ua.desktopChrome, "?0"), "code")).toBe("code");
    expect(preferredMethod(headers(ua.desktopChrome, "?0"), "password")).toBe("link");
  });
});
