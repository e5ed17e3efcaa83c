// ESLint flat config: Next's rules (React, hooks, a11y, imports, Core Web Vitals), typescript-eslint's
// recommended rules, React Compiler-era hooks rules; formatting is Prettier's job (eslint-config-prettier last).
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";
import reactHooks from "eslint-plugin-react-hooks";

const config = [
  {
    ignores: [
      "lib/generated/**",
      ".next/**",
      "node_modules/**",
      "next-env.d.ts",
      "**/*.tsbuildinfo",
      "test-results/**",
      "playwright-report/**",
      "blob-report/**",
      "coverage/**",
      ".bench-empty-next-*/**",
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  reactHooks.configs.flat.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `const { secret: _, ...rest } = row` is how a field is left out of a copy.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
    },
  },
  prettier,
];

export default config;
