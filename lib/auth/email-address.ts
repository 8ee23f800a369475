// Pure (no server-only): the login form's server action and the tests both use it.
export type EmailCheck = { ok: true; email: string } | { ok: false; message: string };

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i;
const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

// Policy: the whole address is lowercased, local part included. RFC 5321 lets a server treat
// "John" and "john" as different mailboxes, but virtually none do, and an auth system that did
// would create a second account whenever someone typed a capital. Dots and +tags are kept:
// only the mailbox provider knows whether they matter.
export function normalizeEmail(input: unknown): EmailCheck {
  if (typeof input !== "string" || input.trim() === "") {
    return { ok: false, message: "Enter your email address." };
  }
  if (/[\r\n\0]/.test(input)) return { ok: false, message: "Enter the address on one line." };
  const normalized = input.normalize("NFKC").trim();
  // NFKC turns look-alikes such as the fullwidth "＠" into "@": refuse them rather than guess.
  if (countAt(normalized) !== countAt(input)) {
    return { ok: false, message: "Use a plain @ in the address." };
  }
  if (/[,;<>"\s]/.test(normalized)) return { ok: false, message: "Enter one email address only." };
  if (normalized.length > 254) {
    return { ok: false, message: "That address is too long (254 characters at most)." };
  }
  const parts = normalized.split("@");
  if (parts.length !== 2) {
    return { ok: false, message: "Enter an address like name@example.com." };
  }
  const [local = "", domain = ""] = parts;
  if (local.length > 64) {
    return { ok: false, message: "The part before @ is too long (64 characters at most)." };
  }
  const lowerDomain = domain.toLowerCase().replace(/\.$/, "");
  if (!LOCAL_PART.test(local) || !isDomain(lowerDomain)) {
    return { ok: false, message: "Enter an address like name@example.com." };
  }
  return { ok: true, email: `${local.toLowerCase()}@${lowerDomain}` };
}

function isDomain(domain: string): boolean {
  const labels = domain.split(".");
  return labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label));
}

function countAt(value: string): number {
  return value.split("@").length - 1;
}

// "jane@example.com" → "j•••@example.com": enough for the owner to recognise, little for others.
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "•••";
  return `${email[0]}•••${email.slice(at)}`;
}

// Which inbox an address lands in, for counting sends only (never identity: the account and the
// email stay the exact address). `+tags` reach the same inbox, and Gmail ignores dots and takes
// googlemail.com as gmail.com, so without this `jane+1@`, `jane+2@`… would each get a full send
// budget and one inbox could be flooded. Other providers' rules vary; these are the common ones.
export function mailboxKey(email: string): string {
  const at = email.lastIndexOf("@");
  let local = email.slice(0, at).toLowerCase();
  let domain = email.slice(at + 1).toLowerCase();
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (domain === "googlemail.com") domain = "gmail.com";
  if (domain === "gmail.com") local = local.replaceAll(".", "");
  return `${local}@${domain}`;
}
