import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; unit tests run plain Node.
      "server-only": path.resolve(import.meta.dirname, "lib/testing/empty-module.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "prisma/**/*.test.ts", "scripts/**/*.test.ts", "e2e/kit/**/*.test.ts"],
    globalSetup: ["lib/testing/global-setup.ts"],
    environment: "node",
    // The tests mostly wait on the database and argon2: two workers even on a 2-core machine
    // (Vitest's default of one fewer than the cores would leave one there).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    // Test files share each worker's module cache (no test mocks modules or stubs the env, and
    // each file opens its own database): importing Prisma's clients, argon2 and the app's lib
    // once per worker instead of once per file halves the run.
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
