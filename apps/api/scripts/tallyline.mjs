#!/usr/bin/env node
/**
 * `pnpm tallyline <command>`: runs the compiled CLI (apps/api/dist/cli.mjs), building it first when
 * it is missing or stale (any source file it was built from changed: build-cli.mjs `cliFresh`), so
 * the command never runs older code than the checkout. Source maps are on, so a stack trace names
 * the TypeScript file and line. Development without a build: `npx tsx apps/api/src/cli/main.ts`.
 */
import { pathToFileURL } from "node:url";
import { buildCli, CLI, cliFresh } from "./build-cli.mjs";

process.setSourceMapsEnabled(true);
if (!cliFresh()) await buildCli({ force: true, quiet: true });
await import(pathToFileURL(CLI).href);
