import { defineConfig } from "vitest/config";

// Browser tests: a real Ordo server on a fresh database, driven by Debian's chromium through
// playwright-core. One file at a time (one browser is enough for two cores), long timeouts.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
