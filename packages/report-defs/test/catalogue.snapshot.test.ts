/**
 * The registry's content, pinned: every definition (id, name, description, category, measures,
 * filters, every other field) and the SQL and parameters it compiles to for two fixed requests
 * (no filter; every filter it takes, one value each), plus its summary's SQL when it has one.
 * Written before the catalogue moved into a folder per category (defs/<category>/<family>.ts) so
 * that the move is proven to change nothing; a deliberate change of a definition updates the
 * fixture in the same commit (UPDATE_CATALOGUE_SNAPSHOT=1 npx vitest run <this file>), and the
 * commit says which definitions changed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile, defaultRegistry, parseQuery, type ReportDefinition, resolvePeriod } from "../src/index";
import { summaryDefinition } from "../src/registry";

const FIXTURE = join(import.meta.dirname, "fixtures", "catalogue.snapshot.json");

/** A JSON value with object keys sorted, so that the snapshot pins content, not key order. */
function sorted(v: unknown): unknown {
  if (typeof v === "function") return `function ${v.name}`;
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
    );
  return v;
}

function compiled(def: ReportDefinition, filters: Record<string, string[]>) {
  const query = parseQuery({ from: "2026-03-02", to: "2026-03-29", timezone: "Europe/Amsterdam", filters });
  const period = resolvePeriod(query, Date.UTC(2026, 3, 1), "UTC", def.grain);
  const c = compile(def, query, period);
  return { sql: c.sql, params: c.params.map(String), rollup: c.rollup ?? null };
}

function snapshot() {
  return defaultRegistry()
    .list()
    .map((def) => {
      const every = Object.fromEntries(def.filters.map((f) => [f, [f === "outcome" ? "answered" : `x-${f}`]]));
      return sorted({
        definition: def,
        query: compiled(def, {}),
        filtered: compiled(def, every),
        summary: def.summary ? compiled(summaryDefinition(def, def.summary), {}) : null,
      });
    });
}

describe("the catalogue snapshot", () => {
  it("every definition and its compiled SQL are as pinned in fixtures/catalogue.snapshot.json", () => {
    const now = snapshot();
    if (process.env.UPDATE_CATALOGUE_SNAPSHOT === "1") writeFileSync(FIXTURE, `${JSON.stringify(now, null, 1)}\n`);
    const pinned = JSON.parse(readFileSync(FIXTURE, "utf8")) as unknown[];
    expect(now.map((d) => (d as { definition: { id: string } }).definition.id)).toEqual(
      pinned.map((d) => (d as { definition: { id: string } }).definition.id),
    );
    for (const [i, d] of now.entries()) expect(d, `definition ${i}`).toEqual(pinned[i]);
  });
});
