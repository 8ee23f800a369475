import { clearSeen } from "./seen-secrets";

// A fresh record of seen secrets per run, like the fresh server logs.
export default function globalSetup(): void {
  clearSeen();
}
