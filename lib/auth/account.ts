import { eq } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { users } from "../../db/schema";
import type { SignUpMode } from "./config";
import { normalizeEmail } from "./email-address";
import { recordEvent } from "./events";

// Accounts: one per proven (or invited) address. No server-only: scripts/invite-user.ts runs
// inviteUser outside Next.

export async function findUserId(db: Db | Tx, email: string): Promise<string | null> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row?.id ?? null;
}

// The account a proven email signs in to. Accounts are created only here, at redemption, and
// only in "open" mode: invite-only creates none, whatever the challenge says (an address is let
// in by `npm run users:invite`, never by a sign-in), so a challenge issued before the mode was
// switched, or a bug upstream, still cannot add a user.
export async function accountForSignIn(
  tx: Tx,
  email: string,
  signUp: SignUpMode,
): Promise<{ userId: string; created: boolean } | null> {
  if (signUp === "open") {
    const [created] = await tx
      .insert(users)
      .values({ email })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (created) return { userId: created.id, created: true };
  }
  const userId = await findUserId(tx, email);
  return userId ? { userId, created: false } : null;
}

export type InviteResult =
  { ok: true; email: string; userId: string; created: boolean } | { ok: false; message: string };

// Gives an address an account, so it can sign in when sign-up is invite-only (authConfig.signUp
// or SIGN_UP). The address is canonicalised exactly as the login form does, so the invited
// account is the one a sign-in finds. Idempotent: an existing account is left as it is.
export async function inviteUser(db: Db, input: string): Promise<InviteResult> {
  const checked = normalizeEmail(input);
  if (!checked.ok) return checked;
  const { email } = checked;
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({ email })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (created) {
      await recordEvent(tx, { type: "invited", email, userId: created.id });
      return { ok: true, email, userId: created.id, created: true };
    }
    const existing = await findUserId(tx, email);
    return { ok: true, email, userId: existing!, created: false };
  });
}
