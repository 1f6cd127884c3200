import solid from "vite-plugin-solid";
import { defineConfig } from "vitest/config";

/** Component tests need Solid's JSX transform and a DOM (jsdom 29; 30+ breaks on Node 20). */
export default defineConfig({
  plugins: [solid()],
  test: {
    name: "ui",
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
