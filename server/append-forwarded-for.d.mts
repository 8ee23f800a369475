// Side effects only: see append-forwarded-for.mjs.
export {};
