import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_SERVER } from "next/constants";
import { assertPgliteDirFree } from "./db/client";
import { authConfig } from "./lib/auth/config";
import { brand } from "./lib/brand";
import { routes } from "./lib/routes";
import { assertClientIpsKnown, databaseTarget, readEnv } from "./lib/env";

export default function config(phase: string): NextConfig {
  // `next start` refuses to serve with a missing or weak secret, in one line, before any request.
  // So does a second server on a PGlite directory that another process holds, and one that could
  // not tell its clients apart (no X-Forwarded-For preload, no trusted proxy).
  if (phase === PHASE_PRODUCTION_SERVER) {
    try {
      const raw = readEnv({ NODE_ENV: "production" });
      const target = databaseTarget(raw);
      if ("pgliteDir" in target) assertPgliteDirFree(target.pgliteDir);
      assertClientIpsKnown(raw);
    } catch (error) {
      console.error(`${brand.name} cannot start: ${(error as Error).message}`);
      process.exit(1);
    }
  }
  return {
    // PGlite ships WebAssembly and data files that must load from node_modules, not a bundle.
    serverExternalPackages: ["@electric-sql/pglite"],
    poweredByHeader: false,
    // `next dev` serves its scripts to localhost only; an APP_URL naming another address (a
    // phone on the network, README's Quick start) may load them too.
    allowedDevOrigins: phase === PHASE_DEVELOPMENT_SERVER ? devOrigins() : [],
    // `next dev` logs every request's URL, and a magic link's carries its token: never logged.
    // (`next start` logs no requests.)
    logging: { incomingRequests: { ignore: [new RegExp(`^${routes.verify}\\?`)] } },
    experimental: {
      // Auth forms carry a few short fields; anything bigger is refused before our code runs
      // (proxy.ts answers 413 first when the body's length is declared, as browsers do).
      serverActions: { bodySizeLimit: authConfig.maxRequestBodyBytes },
      // What Next buffers of a body for proxy.ts (10 MB by default), whatever its framing: a
      // chunked body states no length for proxy.ts to check, and 20 parallel 10 MB ones held
      // every other request up for seconds. Bodies past it are cut short; proxy.ts refuses
      // chunked POSTs and POST /verify reads at most this much, so nothing reads a cut body.
      proxyClientMaxBodySize: authConfig.maxRequestBodyBytes,
    },
  };
}

function devOrigins(): string[] {
  const appUrl = readEnv().APP_URL;
  return appUrl ? [new URL(appUrl).hostname] : [];
}
