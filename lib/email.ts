import "server-only";
import type { ReactElement } from "react";
import { Resend } from "resend";
import { deliverToDevMailbox } from "./dev-mailbox";
import { SEND_DEADLINE_MS } from "./email-deadline";
import { env } from "./env";
import { renderEmail } from "./render-email";

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
    // Only reachable outside production: parseEnv (lib/env-schema.ts) requires RESEND_API_KEY
    // when NODE_ENV is production, so `next start` refuses to start without it (next.config.ts)
    // and, where that check does not run (Vercel), env() throws instead of returning no key.
    deliverToDevMailbox({ to: email.to, subject: email.subject, html, text });
    return { ok: true };
  }
  resend ??= new Resend(resendApiKey);
  const payload = { from: emailFrom, to: email.to, subject: email.subject, html, text };
  const deadline = Date.now() + SEND_DEADLINE_MS;
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
