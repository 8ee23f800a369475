import "server-only";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { users } from "@/db/schema";
import type { SignUpMode } from "./config";

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
