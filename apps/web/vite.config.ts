import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

/** The API server in development (`tallyline serve`); the dev and preview servers proxy /api to it. */
const api = { "/api": { target: "http://127.0.0.1:8787" } };

export default defineConfig({
  base: "/",
  plugins: [solid()],
  server: { proxy: api },
  preview: { proxy: api },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
});
