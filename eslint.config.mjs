// `npm run lint`: ESLint with Next's rules (React, hooks, accessibility, core web vitals) and
// typescript-eslint's type-aware checks, plus the few rules that have bitten this codebase:
// a promise nobody awaits (a lost error or a reply sent after the response), dead code, and a
// Drizzle delete/update without a where (it rewrites every row).
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".data/**",
      "test-results/**",
      "playwright-report/**",
      "e2e/.artifacts/**",
      "next-env.d.ts",
      "db/migrations/**",
      "public/**",
      "lib/widget/client/bundle.generated.ts",
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { drizzle },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // `db` and `tx` are the names every query function takes its Drizzle handle by.
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    // Layering (docs/architecture.md §3, §7): product code never reaches into tests, and domain code
    // never into routes.
    files: ["lib/**/*.{ts,tsx}", "app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "db/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/e2e/*", "**/e2e/*"], message: "Test support lives in e2e/ and only tests import it." }] }],
    },
  },
  {
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/e2e/*", "**/e2e/*"], message: "Test support lives in e2e/ and only tests import it." },
            { group: ["@/app/*"], message: "lib/ holds the domain; routes in app/ call it, never the other way." },
          ],
        },
      ],
    },
  },
  {
    // Mock implementations and test servers hand async callbacks to APIs typed as returning void.
    files: ["**/*.test.ts", "e2e/**/*.ts"],
    rules: { "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: false }] },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
