/**
 * docs/canonical-format.md lists every column of every loadable table exactly as the schema has it:
 * its generated section equals a fresh rendering (scripts/canonical-format-doc.ts rewrites it).
 */
import { readFileSync } from "node:fs";
import { type CanonicalTableName, canonicalTables, isWrittenTable } from "@tallyline/warehouse";
import { describe, expect, it } from "vitest";
import { DOC_PATH, withColumnTables } from "../../../scripts/canonical-format-doc";

describe("docs/canonical-format.md", () => {
  const doc = readFileSync(DOC_PATH, "utf8");

  it("has the column tables of the current schema (run npx tsx scripts/canonical-format-doc.ts)", () => {
    expect(doc).toBe(withColumnTables(doc));
  });

  it("names every column of every table files can load (all but imports and the derived tables)", () => {
    for (const [table, spec] of Object.entries(canonicalTables)) {
      if (!isWrittenTable(table as CanonicalTableName)) continue;
      const section = doc.slice(doc.indexOf(`### \`${table}\``)).split("\n### ")[0] ?? "";
      for (const column of Object.keys(spec.columns))
        expect(section, `${table}.${column}`).toContain(`| \`${column}\` |`);
    }
  });
});
