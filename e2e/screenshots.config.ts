// `npm run screenshots`: PNGs of every page state (e2e/kit/page-states.ts) in light, dark and
// on a 390 px phone, into the git-ignored screenshots/ folder, for a person to look at. The same
// local servers and database as the e2e suite (playwright.config.ts); not part of `npm test`:
// the spec is named *.shots.ts, which the suite's config does not match.
import path from "node:path";
import { defineConfig } from "@playwright/test";
import suite from "./playwright.config";
import { root } from "./kit/config-base";

if (process.env.BASE_URL) {
  console.error("npm run screenshots starts its own servers: it does not run against BASE_URL.");
  process.exit(2);
}

export default defineConfig({
  ...suite,
  testMatch: "screenshots.shots.ts",
  outputDir: path.join(root, "test-results", "screenshots"),
  reporter: [["list"]],
});
