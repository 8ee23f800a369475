import type { Metadata } from "next";
import { Card, secondaryButtonClass } from "@/app/_components/card";
import { listUserSessions, requireSession } from "@/lib/auth/session";
import { redirectIfDbUnavailable } from "@/lib/db-unavailable";
import { signOutAction, signOutEverywhereAction, signOutOthersAction } from "./actions";
import { SessionList } from "./session-list";

export const metadata: Metadata = { title: "Your account" };

type Props = { searchParams: Promise<{ "signed-out"?: string }> };

export default async function AccountPage({ searchParams }: Props) {
  const session = await requireSession();
  const sessions = await listUserSessions(session.userId, session.id).catch(redirectIfDbUnavailable);
  const ended = Number.parseInt((await searchParams)["signed-out"] ?? "", 10);
  return (
    <Card title="Your account">
      <p className="mb-6">
        Signed in as <strong>{session.email}</strong>
      </p>
      <p role="status" className="mb-4 text-sm text-green-700 empty:mb-0 dark:text-green-400">
        {ended >= 0 && `Signed out of ${ended} other ${ended === 1 ? "device" : "devices"}.`}
      </p>
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
    </Card>
  );
}
