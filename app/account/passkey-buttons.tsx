"use client";

import { browserSupportsWebAuthn, platformAuthenticatorIsAvailable, startRegistration } from "@simplewebauthn/browser";
import { useEffect, useState, useSyncExternalStore, useTransition } from "react";
import { buttonClass, secondaryButtonClass } from "@/app/_components/card";
import { FormMessage } from "@/app/_components/form";
import { passkeyMessages } from "@/app/messages";
import { addPasskeyAction, dismissPasskeyPromptAction, passkeyRegistrationOptionsAction } from "./actions";

// The page's passkey controls. A WebAuthn ceremony needs JavaScript, so each renders only once
// the browser has shown it can hold a passkey: without JavaScript the account page is as before.

// A message when nothing was added; on success the action refreshes the page's list.
async function addPasskey(): Promise<string | undefined> {
  const begun = await passkeyRegistrationOptionsAction();
  if (!begun.ok) return begun.message;
  let response;
  try {
    response = await startRegistration({ optionsJSON: begun.options });
  } catch (error) {
    // InvalidStateError: this authenticator already holds a passkey for this account.
    return (error as Error).name === "InvalidStateError" ? passkeyMessages.alreadyAdded : passkeyMessages.addFailed;
  }
  return (await addPasskeyAction(response)).message;
}

const noChange = () => () => {};

function useAddPasskey() {
  const [message, setMessage] = useState<string>();
  const [pending, startTransition] = useTransition();
  const add = () =>
    startTransition(async () => {
      setMessage(undefined);
      setMessage(await addPasskey());
    });
  return { message, pending, add };
}

export function AddPasskeyButton() {
  // False on the server and in the first render; support never changes while the page is open.
  const supported = useSyncExternalStore(noChange, browserSupportsWebAuthn, () => false);
  const { message, pending, add } = useAddPasskey();
  if (!supported) return null;
  return (
    <div className="mb-6">
      <button
        type="button"
        onClick={add}
        disabled={pending}
        aria-describedby="add-passkey-message"
        className={secondaryButtonClass}
      >
        {pending ? "Waiting for your passkey…" : "Add a passkey"}
      </button>
      <FormMessage id="add-passkey-message" message={message} />
    </div>
  );
}

// After an email sign-in (the page decides), on a device with a built-in authenticator (Touch ID,
// Windows Hello, a phone's screen lock): one offer. "Not now" is remembered for 30 days.
export function PasskeyPrompt() {
  const [available, setAvailable] = useState(false);
  const { message, pending, add } = useAddPasskey();
  useEffect(() => {
    void platformAuthenticatorIsAvailable().then(setAvailable);
  }, []);
  if (!available) return null;
  return (
    <section aria-labelledby="passkey-prompt" className="mb-6 rounded-lg bg-brand/5 p-4 ring-1 ring-brand/20">
      <h2 id="passkey-prompt" className="font-semibold">
        {passkeyMessages.prompt}
      </h2>
      <p className="mb-3 text-sm text-gray-600 dark:text-gray-400">
        A passkey signs you in with your fingerprint, face or screen lock, without an email.
      </p>
      <div className="flex gap-3">
        <button
          type="button"
          onClick={add}
          disabled={pending}
          aria-describedby="passkey-prompt-message"
          className={buttonClass}
        >
          Add a passkey
        </button>
        <form action={dismissPasskeyPromptAction} className="w-full">
          <button type="submit" className={secondaryButtonClass}>
            Not now
          </button>
        </form>
      </div>
      <FormMessage id="passkey-prompt-message" message={message} />
    </section>
  );
}
