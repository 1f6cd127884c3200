/**
 * The generator is deterministic: the same seed and options write byte-identical files (every
 * canonical file, every export, the ground truth), another seed writes other data. Headers are
 * exactly the canonical schema's columns and the Conversation24 adapters' columns, in order.
 * Bad options are refused before anything is written.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { c24Adapters } from "@tallyline/ingest";
import { canonicalTables } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERATED_TABLES, type GenerateOptions, generate, writeGenerated } from "../src/index";

const OPTIONS: GenerateOptions = { seed: 42, days: 4, end: "2026-03-30", timezone: "Europe/Amsterdam", scale: 40 };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-generate-det-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Relative path -> SHA-256 of every file under `root`. */
function digests(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(root, path)] = createHash("sha256").update(readFileSync(path)).digest("hex");
  }
  return out;
}

const run = async (name: string, options: GenerateOptions) => {
  await writeGenerated(join(dir, name), generate(options));
  return digests(join(dir, name));
};

describe("determinism", () => {
  it("writes byte-identical files for the same seed and options, and other data for another seed", async () => {
    const a = await run("a", OPTIONS);
    const b = await run("b", OPTIONS);
    const c = await run("c", { ...OPTIONS, seed: 43 });
    expect(Object.keys(a).sort()).toEqual(
      [
        ...GENERATED_TABLES.map((t) => `${t}.csv`),
        ...c24Adapters.map((x) => `c24/${x.id.slice(4)}.csv`),
        "ground-truth.json",
      ].sort(),
    );
    expect(b).toEqual(a);
    for (const f of ["conversations.csv", "messages.csv", "calls.csv", "c24/conversations.csv", "ground-truth.json"]) {
      expect(c[f], f).not.toBe(a[f]);
    }
    // Fixed parts do not depend on the seed.
    expect(c["hosts.csv"]).toBe(a["hosts.csv"]);
  });

  it("writes the schema's columns in order, and the seed's export columns", () => {
    const header = (f: string) => readFileSync(join(dir, "a", f), "utf8").split("\n")[0];
    for (const t of GENERATED_TABLES)
      expect(header(`${t}.csv`), t).toBe(Object.keys(canonicalTables[t].columns).join(","));
    for (const x of c24Adapters) expect(header(`c24/${x.id.slice(4)}.csv`), x.id).toBe(x.requiredColumns.join(","));
  });
});

describe("options", () => {
  it("refuses a bad zone, date, number of days or scale", () => {
    expect(() => generate({ timezone: "Mars/Olympus" })).toThrow(RangeError);
    expect(() => generate({ end: "2026-02-30" })).toThrow(RangeError);
    expect(() => generate({ days: 0 })).toThrow(RangeError);
    expect(() => generate({ scale: 2.5 })).toThrow(RangeError);
  });

  it("ends today in the zone by default and fills every default", () => {
    const g = generate({ days: 1, scale: 5 });
    expect(g.options).toMatchObject({
      seed: 1,
      days: 1,
      timezone: "Europe/Amsterdam",
      callsPerWeekday: 5,
      conversationsPerWeekday: 5,
      source: "generated",
    });
    expect(g.options.from).toBe(g.options.to);
  });
});
