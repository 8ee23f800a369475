import type { Db, Tx } from "../../db/client";
import { authEvents, type AuthEventType } from "../../db/schema";
import { maskEmail } from "./email-address";

export type AuthEvent = {
  type: AuthEventType;
  email?: string;
  userId?: string;
  challengeId?: string;
  ip?: string;
  detail?: string;
};

// The audit trail. Emails are masked before they are written; callers never pass secrets.
// No server-only: scripts/invite-user.ts records invitations through it, outside Next.
export async function recordEvent(db: Db | Tx, event: AuthEvent): Promise<void> {
  await db.insert(authEvents).values({
    type: event.type,
    emailMasked: event.email ? maskEmail(event.email) : null,
    userId: event.userId ?? null,
    challengeId: event.challengeId ?? null,
    ip: event.ip ?? null,
    detail: event.detail ?? null,
  });
}
