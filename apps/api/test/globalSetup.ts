/**
 * vitest globalSetup of the node tests: builds the compiled CLI (apps/api/dist/cli.mjs) once when it
 * is missing or stale, so the tests that spawn the CLI (testutil/process.ts `cliArgs`) run Node on
 * JavaScript rather than tsx on the TypeScript source (about a second of CPU less per process).
 */
import { buildCli } from "../scripts/build-cli.mjs";

export default async function setup(): Promise<void> {
  await buildCli();
}
