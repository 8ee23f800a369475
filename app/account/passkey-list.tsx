import { inputClass, secondaryButtonClass } from "@/app/_components/card";
import type { ListedPasskey } from "@/lib/auth/passkey";
import { removePasskeyAction, renamePasskeyAction } from "./actions";
import { timeAgo } from "./time-ago";

const smallButton = `${secondaryButtonClass} w-auto px-3 py-1.5 text-sm`;

// Each passkey: its name (renamable), when it was added and last used, and a way to remove it.
// Plain forms: they work without JavaScript.
export function PasskeyList({ passkeys }: { passkeys: ListedPasskey[] }) {
  if (passkeys.length === 0) return <p className="mb-4 text-sm text-gray-600 dark:text-gray-400">No passkeys yet.</p>;
  return (
    <ul aria-label="Passkeys" className="mb-4 divide-y divide-gray-200 dark:divide-gray-800">
      {passkeys.map((p) => (
        <li key={p.id} className="py-3">
          <p className="font-medium">{p.name}</p>
          <p className="text-sm text-gray-600 dark:text-gray-400">
            Added <time dateTime={p.createdAt.toISOString()}>{timeAgo(p.createdAt)}</time> · Last used{" "}
            {p.lastUsedAt ? <time dateTime={p.lastUsedAt.toISOString()}>{timeAgo(p.lastUsedAt)}</time> : "never"}
          </p>
          <div className="mt-2 flex flex-wrap items-end gap-2">
            <form action={renamePasskeyAction} className="flex min-w-0 flex-1 items-end gap-2">
              <input type="hidden" name="passkey" value={p.id} />
              <label className="min-w-0 flex-1 text-sm">
                <span className="sr-only">New name for {p.name}</span>
                <input
                  name="name"
                  defaultValue={p.name}
                  required
                  maxLength={60}
                  className={`${inputClass} min-w-0 py-1.5 text-sm`}
                />
              </label>
              <button type="submit" aria-label={`Rename ${p.name}`} className={smallButton}>
                Rename
              </button>
            </form>
            <form action={removePasskeyAction}>
              <input type="hidden" name="passkey" value={p.id} />
              <button type="submit" aria-label={`Remove ${p.name}`} className={smallButton}>
                Remove
              </button>
            </form>
          </div>
        </li>
      ))}
    </ul>
  );
}
