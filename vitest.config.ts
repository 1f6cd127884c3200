import { defineConfig } from "vitest/config";

/**
 * Two projects: everything that runs in Node (packages and apps, `*.test.ts`), and the Solid
 * component tests of packages/ui, which need a DOM and Solid's JSX transform (its own config).
 * Playwright specs live in e2e/ and are not picked up here.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: [
            "packages/*/src/**/*.test.ts",
            "packages/*/test/**/*.test.ts",
            "apps/*/src/**/*.test.ts",
            "apps/*/test/**/*.test.ts",
            "bench/test/**/*.test.ts",
          ],
          exclude: ["packages/ui/**", "**/node_modules/**"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: "forks",
          // Builds the compiled CLI once (apps/api/dist/cli.mjs) for the tests that spawn it.
          globalSetup: ["apps/api/test/globalSetup.ts"],
        },
      },
      "packages/ui/vitest.config.ts",
    ],
  },
});
