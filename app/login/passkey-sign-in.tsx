"use client";

import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  WebAuthnAbortService,
} from "@simplewebauthn/browser";
import { useEffect, useState, useSyncExternalStore, useTransition } from "react";
import { secondaryButtonClass } from "@/app/_components/card";
import { FormMessage } from "@/app/_components/form";
import { passkeyMessages } from "@/app/messages";
import { passkeyOptionsPath } from "@/lib/routes";
import { passkeySignInAction } from "./actions";

// Passkey sign-in on /login: the button, and passkeys offered in the email field's autofill
// (conditional mediation). Nothing renders until the browser is known to support WebAuthn, so
// without JavaScript or without passkeys the page is the email form alone. `autofill`: the email
// field now carries `autocomplete="username webauthn"` (login-form.tsx sets it once told, through
// `onAutofill`, that this browser offers passkeys there).
export function PasskeySignIn({
  next,
  autofill,
  onAutofill,
}: {
  next: string;
  autofill: boolean;
  onAutofill: (on: boolean) => void;
}) {
  // False on the server and in the first render, so the HTML is the email form alone.
  const supported = useSyncExternalStore(noChange, browserSupportsWebAuthn, () => false);
  const [message, setMessage] = useState<string>();
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    void browserSupportsWebAuthnAutofill().then((ok) => ok && onAutofill(true));
  }, [onAutofill]);

  // Waits, unseen, until the person picks a passkey in the email field's autofill.
  useEffect(() => {
    if (!autofill) return;
    void signInWithPasskey(next, true).then((failed) => failed && setMessage(failed));
    return () => WebAuthnAbortService.cancelCeremony();
  }, [autofill, next]);

  if (!supported) return null;
  return (
    <div className="mt-6 border-t border-gray-200 pt-6 dark:border-gray-800">
      <button
        type="button"
        disabled={pending}
        aria-describedby="passkey-message"
        className={secondaryButtonClass}
        onClick={() =>
          startTransition(async () => {
            setMessage(undefined);
            const failed = await signInWithPasskey(next, false);
            if (failed) setMessage(failed);
          })
        }
      >
        {pending ? "Waiting for your passkey…" : "Sign in with a passkey"}
      </button>
      <FormMessage id="passkey-message" message={message} />
    </div>
  );
}

// Whether the browser supports WebAuthn never changes while the page is open.
const noChange = () => () => {};

// A message when nobody was signed in; on success the action redirects to `next`. The button's
// ceremony aborts a waiting autofill one (the library allows one at a time): that abort is no
// failure to report.
async function signInWithPasskey(next: string, useBrowserAutofill: boolean): Promise<string | undefined> {
  const answer = await fetch(passkeyOptionsPath(next), { method: "POST" }).catch(() => null);
  if (!answer?.ok) return passkeyMessages.signInFailed;
  let response;
  try {
    response = await startAuthentication({ optionsJSON: await answer.json(), useBrowserAutofill });
  } catch (error) {
    return (error as Error).name === "AbortError" ? undefined : passkeyMessages.cancelled;
  }
  return (await passkeySignInAction(response))?.message;
}
