import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { catalogueMarkdown, defaultRegistry } from "../src/index";

it("docs/reports.md is the current catalogue (regenerate with `pnpm tallyline report list --markdown > docs/reports.md`)", () => {
  const doc = readFileSync(join(import.meta.dirname, "../../../docs/reports.md"), "utf8");
  expect(doc).toBe(catalogueMarkdown(defaultRegistry().list()));
});
