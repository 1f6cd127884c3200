import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

/** Chromium to drive: $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else Playwright's own download. */
// biome-ignore lint/suspicious/noUndeclaredEnvVars: the browser path is the user's to choose
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results/e2e",
  timeout: 120_000,
  // Two workers: each spec file starts its own server over its own data folder.
  workers: 2,
  reporter: [["list"]],
  use: {
    headless: true,
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    viewport: { width: 1400, height: 1000 },
  },
});
