import "server-only";
import { randomUUID } from "node:crypto";
import { render, toPlainText } from "@react-email/render";
import type { ReactElement } from "react";
import { Resend } from "resend";
import { authConfig } from "./auth/config";
import { env } from "./env";

// Sending an email: rendered once (React Email, HTML and a text part), sent through Resend with
// retries under one deadline, or, in development without RESEND_API_KEY, kept in the dev mailbox.

export type OutgoingEmail = {
  to: string;
  subject: string;
  body: ReactElement;
  // The challenge id: a retry after a timed-out success must not send a second email.
  idempotencyKey: string;
};
export type SendResult = { ok: true } | { ok: false; reason: string };

// One slow attempt must leave time for a retry (Resend answers well under a second normally).
const ATTEMPT_TIMEOUT_MS = 2_500;
// At most 2 retries, all with the same idempotency key, so Resend sends at most one email.
const MAX_RETRIES = 2;
const RETRY_PAUSE_MS = [250, 750];

let resend: Resend | undefined;

// Renders once (HTML and the text part derived from it), then sends both.
export async function sendEmail(email: OutgoingEmail): Promise<SendResult> {
  const { html, text } = await renderEmail(email.body);
  const { resendApiKey, emailFrom } = env();
  if (!resendApiKey) {
    // Only reachable outside production: parseEnv (lib/env.ts) requires RESEND_API_KEY
    // when NODE_ENV is production, so `next start` refuses to start without it (next.config.ts)
    // and, where that check does not run (Vercel), env() throws instead of returning no key.
    deliverToDevMailbox({ to: email.to, subject: email.subject, html, text });
    return { ok: true };
  }
  resend ??= new Resend(resendApiKey);
  const payload = { from: emailFrom, to: email.to, subject: email.subject, html, text };
  const deadline = Date.now() + authConfig.sends.deadlineMs;
  let result: Attempt = { ok: false, reason: "send_error", retryable: false };
  for (let attempt = 0; attempt <= MAX_RETRIES; attempt++) {
    if (attempt > 0) {
      const pause = RETRY_PAUSE_MS[attempt - 1] ?? 0;
      // No time left for a whole attempt: give up now rather than keep the person waiting.
      if (Date.now() + pause + 500 > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    const timeout = Math.min(ATTEMPT_TIMEOUT_MS, deadline - Date.now());
    result = await attemptSend(resend, payload, email.idempotencyKey, timeout);
    if (result.ok || !result.retryable) break;
  }
  return result.ok ? { ok: true } : { ok: false, reason: result.reason };
}

type Attempt = { ok: true } | { ok: false; reason: string; retryable: boolean };

async function attemptSend(
  client: Resend,
  payload: { from: string; to: string; subject: string; html: string; text: string },
  idempotencyKey: string,
  timeoutMs: number,
): Promise<Attempt> {
  try {
    // The SDK reports failures, timeouts included, as `{ error }`; it may still throw on abort.
    const { error } = await client.emails.send(payload, {
      idempotencyKey,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!error) return { ok: true };
    const status = (error as { statusCode?: number | null }).statusCode ?? null;
    // No status: the request never got an answer (timeout, network). 429 and 5xx are transient;
    // any other 4xx (invalid key, validation) will fail the same way again.
    const retryable = status === null || status === 429 || status >= 500;
    return { ok: false, reason: status ? `${error.name} (${status})` : error.name, retryable };
  } catch (error) {
    return { ok: false, reason: (error as Error).name || "send_error", retryable: true };
  }
}

export type RenderedEmail = { html: string; text: string };

// The one rendering of an email, for sending it (sendEmail above) and for previewing it
// (/dev/emails): the HTML, and the text part derived from it (with `react:` the Resend SDK
// would send no text part at all). React Email's converter already drops images and the
// preview line; the changes here are where a link's address goes and how headings read.
export async function renderEmail(body: ReactElement): Promise<RenderedEmail> {
  const html = await render(body);
  const text = toPlainText(html, {
    formatters: { linkOnOwnLine },
    selectors: [
      { selector: "a", format: "linkOnOwnLine" },
      // A heading reads as a line of its own, as written: html-to-text would shout it in capitals
      // and put two blank lines above it (three line breaks after the wordmark).
      { selector: "h1", options: { uppercase: false, leadingLineBreaks: 2 } },
    ],
  });
  return { html, text };
}

// html-to-text's builder, as far as the formatter below uses it (the package ships no types).
type TextBuilder = {
  addLineBreak(): void;
  addInline(text: string, options?: { noWordTransform?: boolean }): void;
  pushWordTransform(transform: (word: string) => string): void;
  popWordTransform(): void;
};
type DomNode = { type: string; data?: string; next: DomNode | null };
type LinkElement = { attribs?: Record<string, string>; children: unknown[]; next: DomNode | null };

// A link's words, then its address on a line of its own (the default runs it on after the
// words): a person can copy it whole, mail apps make it clickable, and the e2e fixtures read the
// sign-in link from it. A link whose words are its address is written once.
function linkOnOwnLine(
  elem: LinkElement,
  walk: (nodes: unknown[], builder: TextBuilder) => void,
  builder: TextBuilder,
): void {
  const href = (elem.attribs?.href ?? "").replace(/^mailto:/, "");
  let words = "";
  builder.pushWordTransform((word) => ((words += word), word));
  walk(elem.children, builder);
  builder.popWordTransform();
  if (!href || href.startsWith("#") || words === href) return;
  builder.addLineBreak();
  builder.addInline(href, { noWordTransform: true });
  // Words after it in the same block go on the next line; a block's end breaks the line anyway.
  if (followedByContent(elem)) builder.addLineBreak();
}

function followedByContent(elem: LinkElement): boolean {
  for (let node = elem.next; node; node = node.next) {
    if (node.type !== "text" || node.data?.trim()) return true;
  }
  return false;
}

// Development only: with no RESEND_API_KEY, emails land here and show at /dev/mailbox.
// Kept in memory on globalThis (one dev server process), newest first, capped.
export type DevEmail = {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  sentAt: Date;
};

const MAX_MESSAGES = 50;
const store = globalThis as unknown as { sesameDevMailbox?: DevEmail[] };

export function deliverToDevMailbox(email: Omit<DevEmail, "id" | "sentAt">): void {
  const box = (store.sesameDevMailbox ??= []);
  box.unshift({ ...email, id: randomUUID(), sentAt: new Date() });
  box.length = Math.min(box.length, MAX_MESSAGES);
}

export function listDevMailbox(): DevEmail[] {
  return store.sesameDevMailbox ?? [];
}
