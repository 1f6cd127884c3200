import { defineConfig } from "vite";
import solid from "vite-plugin-solid";
import { precompress } from "./precompress";

/** The API server in development (`tallyline serve`); the dev and preview servers proxy /api to it. */
const api = { "/api": { target: "http://127.0.0.1:8787" } };

export default defineConfig({
  base: "/",
  plugins: [solid(), precompress()],
  server: { proxy: api },
  preview: { proxy: api },
  // The manifest lists each chunk's static imports: e2e/fast.spec.ts sums the first view's JS from it.
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", manifest: true },
});
