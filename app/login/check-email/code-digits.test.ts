import { expect, it } from "vitest";
import { codeDigits } from "./code-digits";

it("keeps the digits of a code however it was typed or pasted", () => {
  for (const typed of [
    "042917",
    " 042917\n",
    "042 917",
    "042-917",
    "042–917",
    "042\u00a0917",
    "Code: 042917",
    "０４２９１７",
  ]) {
    expect(codeDigits(typed)).toBe("042917");
  }
  expect(codeDigits("04291")).toBe("04291");
});
