// A server process's start-up hook, run on its own, the way a standalone `server.js` runs it
// without ever loading next.config.ts (lib/production-start.test.ts). Prints "serving" when the
// hook lets the process go on.
import { register } from "../../instrumentation";

await register();
console.log("serving");
