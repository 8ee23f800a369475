import type { Metadata } from "next";
import { Card, secondaryButtonClass } from "@/app/_components/card";
import { passkeyMessages } from "@/app/messages";
import { passkeyPromptCookie } from "@/lib/auth/cookies";
import { hasRecentEmailProof, listPasskeys } from "@/lib/auth/passkey";
import { listUserSessions, requireSession } from "@/lib/auth/session";
import { redirectIfDbUnavailable } from "@/lib/db-unavailable";
import { signOutAction, signOutEverywhereAction, signOutOthersAction } from "./actions";
import { AddPasskeyButton, PasskeyPrompt } from "./passkey-buttons";
import { PasskeyList } from "./passkey-list";
import { SessionList } from "./session-list";

export const metadata: Metadata = { title: "Your account" };

type Props = { searchParams: Promise<{ "signed-out"?: string; passkey?: string }> };

export default async function AccountPage({ searchParams }: Props) {
  const session = await requireSession();
  const [sessions, passkeys, recentEmailProof] = await Promise.all([
    listUserSessions(session.userId, session.id),
    listPasskeys(session.userId),
    hasRecentEmailProof(session.id),
  ]).catch(redirectIfDbUnavailable);
  const query = await searchParams;
  const ended = Number.parseInt(query["signed-out"] ?? "", 10);
  // Offered once, right after an email sign-in, unless this device said "Not now" or added one.
  const offerPasskey = recentEmailProof && !(await passkeyPromptCookie.read());
  return (
    <Card title="Your account">
      <p className="mb-6">
        Signed in as <strong>{session.email}</strong>
      </p>
      <p role="status" className="mb-4 text-sm text-green-700 empty:mb-0 dark:text-green-400">
        {ended >= 0 && `Signed out of ${ended} other ${ended === 1 ? "device" : "devices"}.`}
      </p>
      {offerPasskey && <PasskeyPrompt />}
      <h2 className="mb-2 text-lg font-semibold">Where you are signed in</h2>
      <SessionList sessions={sessions} />
      <div className="grid gap-3">
        <form action={signOutAction}>
          <button type="submit" className={secondaryButtonClass}>
            Sign out
          </button>
        </form>
        {sessions.length > 1 && (
          <form action={signOutOthersAction}>
            <button type="submit" className={secondaryButtonClass}>
              Sign out of all other devices
            </button>
          </form>
        )}
        <form action={signOutEverywhereAction}>
          <button type="submit" className={secondaryButtonClass}>
            Sign out everywhere
          </button>
        </form>
      </div>
      <h2 className="mt-8 mb-2 text-lg font-semibold">Passkeys</h2>
      <p className="mb-2 text-sm text-gray-600 dark:text-gray-400">{passkeyMessages.keptOnSignOut}</p>
      <p role="alert" className="mb-2 text-sm text-red-700 empty:mb-0 dark:text-red-400">
        {query.passkey === "name" && passkeyMessages.nameFormat}
      </p>
      <PasskeyList passkeys={passkeys} />
      {recentEmailProof ? (
        <AddPasskeyButton />
      ) : (
        <p className="text-sm text-gray-600 dark:text-gray-400">{passkeyMessages.needsEmailProof}</p>
      )}
    </Card>
  );
}
