import "server-only";
import { render, toPlainText } from "@react-email/render";
import type { ReactElement } from "react";
import { Resend } from "resend";
import { deliverToDevMailbox } from "./dev-mailbox";
import { env } from "./env";

export type OutgoingEmail = {
  to: string;
  subject: string;
  body: ReactElement;
  // The challenge id: a retry after a timed-out success must not send a second email.
  idempotencyKey: string;
};
export type SendResult = { ok: true } | { ok: false; reason: string };

const SEND_TIMEOUT_MS = 10_000;

let resend: Resend | undefined;

// Renders once, then derives the text part from the HTML: with `react:` the SDK sends no text.
export async function sendEmail(email: OutgoingEmail): Promise<SendResult> {
  const html = await render(email.body);
  const text = toPlainText(html);
  const { resendApiKey, emailFrom } = env();
  if (!resendApiKey) {
    // Only reachable outside production: lib/env refuses to start production without a key.
    deliverToDevMailbox({ to: email.to, subject: email.subject, html, text });
    return { ok: true };
  }
  resend ??= new Resend(resendApiKey);
  try {
    // The SDK reports failures as `{ error }` rather than throwing; a timeout does throw.
    const { error } = await resend.emails.send(
      { from: emailFrom, to: email.to, subject: email.subject, html, text },
      { idempotencyKey: email.idempotencyKey, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
    );
    return error ? { ok: false, reason: `${error.name}` } : { ok: true };
  } catch (error) {
    return { ok: false, reason: (error as Error).name || "send_error" };
  }
}
