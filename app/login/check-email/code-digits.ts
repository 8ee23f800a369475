// What a typed or pasted code means, the same in the browser (the sixth digit submits) and on
// the server: its digits, after NFKC (full-width "３" is "3"), whatever stands around them
// ("042 917", "042-917", "042–917", "Code: 042917").
export function codeDigits(typed: string): string {
  return typed.normalize("NFKC").replace(/\D/g, "");
}
