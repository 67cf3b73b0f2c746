import { defineConfig } from "vitest/config";

// Unit tests are pure and fast; integration tests start real servers on real databases
// (SQLite by default, PostgreSQL when TEST_DATABASE_URL is set), so they get longer timeouts.
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], testTimeout: 20_000 } },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
