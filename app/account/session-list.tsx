import { secondaryButtonClass } from "@/app/_components/card";
import type { ListedSession } from "@/lib/auth/session";
import { signOutSessionAction } from "./actions";
import { timeAgo } from "./time-ago";

const kindLabel = { phone: "Phone", tablet: "Tablet", computer: "Computer" } as const;
const methodLabel = { link: "via email link", code: "via email code", passkey: "via passkey" } as const;

// Location is left out on purpose: it would need a third-party IP geolocation service.
export function SessionList({ sessions }: { sessions: ListedSession[] }) {
  return (
    <ul aria-label="Signed-in devices" className="mb-6 divide-y divide-gray-200 dark:divide-gray-800">
      {sessions.map((s) => (
        <li key={s.id} className="flex items-start justify-between gap-4 py-3">
          <div>
            <p className="font-medium">
              {s.device}
              {s.current && (
                <span className="ml-2 rounded bg-brand/10 px-1.5 py-0.5 text-xs text-brand">This device</span>
              )}
            </p>
            <p className="text-sm text-gray-600 dark:text-gray-400">
              {kindLabel[s.kind]}
              {s.model && ` · ${s.model}`}
            </p>
            <p className="text-sm text-gray-600 dark:text-gray-400">
              Signed in <time dateTime={s.createdAt.toISOString()}>{timeAgo(s.createdAt)}</time>
              {s.method && ` ${methodLabel[s.method]}`} · Last active{" "}
              {s.current ? "now" : <time dateTime={s.lastSeenAt.toISOString()}>{timeAgo(s.lastSeenAt)}</time>}
            </p>
          </div>
          {!s.current && (
            <form action={signOutSessionAction}>
              {/* sessions.id is a hash of the cookie's secret: it cannot be made into a cookie. */}
              <input type="hidden" name="session" value={s.id} />
              <button
                type="submit"
                // Two sessions can share a device name; when each began tells them apart.
                aria-label={`Sign out ${s.device}, signed in ${timeAgo(s.createdAt)}`}
                className={`${secondaryButtonClass} w-auto px-3 py-1.5 text-sm`}
              >
                Sign out
              </button>
            </form>
          )}
        </li>
      ))}
    </ul>
  );
}
