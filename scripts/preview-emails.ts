import { spawn } from "node:child_process";

// `npm run email [-- -p 4000]`: starts the dev server exactly as `npm run dev` does (migrations
// first), passing any arguments on to `next dev`, and once it is ready prints where the email
// previews are (app/dev/emails). The address is read from Next's own "Local:" line, so another
// port (-p, PORT, or the next free one Next picks) is reported right.
// In a process group of its own, so a signal reaches npm, the shell and `next dev` under it
// (npm does not pass signals on to its script's children).
const child = spawn("npm", ["run", "--silent", "dev", "--", ...process.argv.slice(2)], {
  stdio: ["ignore", "pipe", "inherit"],
  detached: true,
});

let local = "http://localhost:3000";
let announced = false;
child.stdout.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  const output = chunk.toString();
  local = /Local:\s+(https?:\/\/\S+)/.exec(output)?.[1] ?? local;
  if (!announced && /Ready in/.test(output)) {
    announced = true;
    process.stdout.write(`\n  Email previews: ${local}/dev/emails\n\n`);
  }
});

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => process.kill(-child.pid!, signal));
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
