// Opens a PGlite data directory the way the app does and keeps it open until killed: the
// "other process" of lib/test/pglite-owner.ts.
import { connect } from "@/db/client";

const handle = connect({ pgliteDir: process.argv[2]! });
await handle.db.execute("select 1");
console.log("holding");
setInterval(() => {}, 60_000);
