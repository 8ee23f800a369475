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
