// The one state shape every auth form's server action returns. Never carries a secret.
export type FormState = {
  status: "idle" | "error" | "info";
  message?: string;
  // The address the person typed, so a rejected submission loses nothing.
  email?: string;
  // For throttled actions: how long until trying again is allowed.
  retryAfterSeconds?: number;
};

export const idleState: FormState = { status: "idle" };

// The live region a form's errors and notices render in; the input points at it with
// aria-describedby so screen readers announce it with the field.
export function FormMessage({
  id,
  message,
  tone = "error",
}: {
  id: string;
  message?: string;
  tone?: "error" | "info";
}) {
  return (
    <p
      id={id}
      aria-live="polite"
      className={`mt-2 min-h-5 text-sm ${tone === "error" ? "text-red-700 dark:text-red-400" : "text-green-700 dark:text-green-400"}`}
    >
      {message}
    </p>
  );
}
