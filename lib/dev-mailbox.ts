import "server-only";
import { randomUUID } from "node:crypto";

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
