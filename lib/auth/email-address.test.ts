import { describe, expect, it } from "vitest";
import { mailboxKey, maskEmail, normalizeEmail } from "./email-address";

// How these were checked to fail (each rule removed from email-address.ts in turn, then
// restored): without NFKC the fullwidth cases fail; without the CR/LF/NUL check both line
// cases fail; without the look-alike "@" check the "＠" case is accepted; without the
// `, ; < > "` check the four list/display-name/quoted cases fail (they then get another
// message); without the 254 and 64 limits their cases fail; without lowercasing the domain
// the first case fails; a mask that shows two letters fails maskEmail.

describe("normalizeEmail", () => {
  it("lowercases the whole address and keeps dots and +tags", () => {
    expect(normalizeEmail("  Jane.Doe+news@Example.COM ")).toEqual({ ok: true, email: "jane.doe+news@example.com" });
  });
  it.each([
    ["a@b.com, c@d.com", "Enter one email address only."],
    ["a@b.com;c@d.com", "Enter one email address only."],
    ["<a@b.com>", "Enter one email address only."],
    ['"a"@b.com', "Enter one email address only."],
    ["a@b.com\r\nBcc: x@y.com", "Enter the address on one line."],
    ["a@b.com\0", "Enter the address on one line."],
    ["jane＠example.com", "Use a plain @ in the address."],
    [`${"a".repeat(65)}@example.com`, "The part before @ is too long (64 characters at most)."],
    [
      `a@${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.${"e".repeat(70)}.com`,
      "That address is too long (254 characters at most).",
    ],
    ["", "Enter your email address."],
    ["jane", "Enter an address like name@example.com."],
    ["jane@localhost", "Enter an address like name@example.com."],
  ])("rejects %j", (input, message) => {
    expect(normalizeEmail(input)).toEqual({ ok: false, message });
  });
  it("normalises NFKC before validating (fullwidth letters become ASCII)", () => {
    expect(normalizeEmail("ｊａｎｅ@example.com")).toEqual({ ok: true, email: "jane@example.com" });
  });
});

describe("maskEmail", () => {
  it("keeps the first letter and the domain", () => {
    expect(maskEmail("jane@example.com")).toBe("j•••@example.com");
  });
});

// Checked to fail: without the +tag cut, the Gmail dot rule or googlemail → gmail, its case fails.
describe("mailboxKey", () => {
  it.each([
    ["jane+news@example.com", "jane@example.com"],
    ["jane.doe+1@example.com", "jane.doe@example.com"],
    ["j.a.n.e+x@gmail.com", "jane@gmail.com"],
    ["j.ane@googlemail.com", "jane@gmail.com"],
    ["+only@example.com", "+only@example.com"],
  ])("counts %s as the inbox %s", (address, mailbox) => {
    expect(mailboxKey(address)).toBe(mailbox);
  });
});
