/**
 * mappings/anonbank.json against the dedicated anonbank adapter on the small hand-made log of
 * report-defs (13 calls: served, queued and voice-menu hang-ups, a ghost call, a call across
 * midnight, a negative IVR time): the same rows, and the same rejected values. Runs without ../shared; the real February
 * log is compared in mapped.real.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MapContext, ReadResult, SourceFile } from "../src/index";
import { adapterById } from "../src/index";

const path = join(import.meta.dirname, "../../report-defs/test/fixtures/calls-small.tsv");
const mappingPath = join(import.meta.dirname, "../mappings/anonbank.json");
const ctx: MapContext = { file: "calls-small.tsv", timezone: "Asia/Jerusalem", importId: "imp-1", mappingPath };

/** Reads `text` with the adapter `id`. */
async function read(id: string, text: string): Promise<ReadResult> {
  const file: SourceFile = { path, name: "calls-small.tsv", bytes: Buffer.from(text) };
  const adapter = adapterById(id);
  if (!adapter?.read) throw new Error(`no adapter ${id}`);
  return adapter.read(file, ctx);
}

describe("anonbank.json reads the anonbank log as the dedicated adapter does", () => {
  const good = readFileSync(path, "utf8");

  it("the same campaigns, calls and agents rows, value for value (source included)", async () => {
    const dedicated = await read("anonbank", good);
    const mapped = await read("mapped", good);
    expect(dedicated.rows.calls).toHaveLength(13);
    expect(mapped.issues).toEqual([]);
    expect(mapped.rows).toEqual(dedicated.rows);
  });

  it("the same bad values are refused, on the same lines and columns", async () => {
    const rows = good.split("\r\n").map((l) => l.split("\t"));
    const set = (line: number, col: number, v: string) => {
      (rows[line - 1] as string[])[col] = v;
    };
    set(2, 6, "25:00:00");
    set(4, 11, "abc");
    set(4, 12, "TRANSFER");
    set(6, 5, "990231");
    set(8, 15, "-3");
    const text = rows.map((r) => r.join("\t")).join("\r\n");
    const where = (r: ReadResult) => r.issues.map((i) => [i.line, i.column, i.value]);
    const dedicated = await read("anonbank", text);
    const mapped = await read("mapped", text);
    expect(where(mapped)).toEqual(where(dedicated));
    expect(where(mapped)).toEqual([
      [2, "vru_entry", "25:00:00"],
      [4, "q_time", "abc"],
      [4, "outcome", "TRANSFER"],
      [6, "date", "990231"],
      [8, "ser_time", "-3"],
    ]);
  });
});
