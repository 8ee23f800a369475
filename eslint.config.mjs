import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

// Next's own config: React, react-hooks (with the React Compiler rules), jsx-a11y, import, Next's
// rules at Core Web Vitals strength, and typescript-eslint's recommended set. Prettier owns layout,
// so eslint-config-prettier comes last and turns off every rule that would fight it.
export default defineConfig([
  ...nextVitals,
  ...nextTs,
  prettier,
  {
    rules: {
      // `_prev` keeps the one server-action signature `(prev, formData)` readable when an action
      // ignores its previous state; a rest sibling like `{ defaultBrowserType: _, ...rest }` drops a key.
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  {
    // Playwright's fixtures receive a callback named `use`; e2e/ holds no React, so React's
    // rules of hooks mistake every fixture for a component calling a hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  // Giving globalIgnores replaces eslint-config-next's defaults, so they are repeated here.
  globalIgnores([
    ".next/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    ".data/**",
    "db/migrations/meta/**",
    "test-results/**",
    "playwright-report/**",
  ]),
]);
