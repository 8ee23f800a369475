import { describe, expect, it } from "vitest";
import { safeNextPath } from "./http";

// How these were checked to fail (each rule removed from safeNextPath (http.ts) in turn, then restored):
// without the `suspicious` prefix check, or without its encoded-slash pattern, the four
// "/%2F%2Fevil"-style cases fail; without the "//" pathname check after parsing, the five
// dot-segment cases and the "never resolves elsewhere" sweep fail; without the 512-character
// cap the long path fails. The `url.origin` comparison is a second line behind the prefix
// checks: removing it alone fails nothing, since a path starting with one "/" and no
// backslash or control character cannot resolve to another origin.

const appUrl = new URL("http://localhost:3000");

describe("safeNextPath", () => {
  it.each([
    ["/account", "/account"],
    ["/a/b?x=1#h", "/a/b?x=1#h"],
    ["/a/./b/../c", "/a/c"],
    // Encoded slashes in the query or fragment are data, not a path.
    ["/account?q=a%2Fb", "/account?q=a%2Fb"],
    ["/search?redirect=%2Fhome%5Cx#%2F", "/search?redirect=%2Fhome%5Cx#%2F"],
  ])("keeps the same-origin path %j", (raw, expected) => {
    expect(safeNextPath(raw, appUrl)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "//evil.example/account",
    "/\\evil",
    "\\/evil",
    "\\\\evil.example",
    "https:evil",
    "https://evil.example/",
    "http://evil.example/",
    "http://localhost:3000.evil.example/",
    "/%2F%2Fevil",
    "/%2f%2fevil",
    "/%2F%2Fevil?q=%2F",
    "/%5Cevil",
    "/%5cevil",
    "/\t/evil.example",
    "/\n/evil.example",
    // Dot segments that collapse into a protocol-relative "//host" once the URL is parsed.
    "/.//evil.example",
    "/..//evil.example",
    "/a/..//evil.example/x",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,x",
    "account",
    "",
    `/${"a".repeat(600)}`,
  ])("maps %j to the default", (raw) => {
    const result = safeNextPath(raw, appUrl);
    expect(result).toBe("/account");
  });

  it.each([null, undefined, 42, {}, ["/account"]])("maps the non-string %j to the default", (raw) => {
    expect(safeNextPath(raw, appUrl)).toBe("/account");
  });

  it("never returns anything a browser would resolve to another origin", () => {
    const samples = ["/x", "/.//y", "/a/../../b", "/%2e%2e/%2e%2e//z", "/?//q", "/#//h"];
    for (const raw of samples) {
      const out = safeNextPath(raw, appUrl);
      expect(out.startsWith("/") && !out.startsWith("//")).toBe(true);
      expect(new URL(out, appUrl).origin).toBe(appUrl.origin);
    }
  });
});
