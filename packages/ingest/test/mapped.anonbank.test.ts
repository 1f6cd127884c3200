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

  it("the same rows for a served call without service times and for voice-menu skew; the same refusal of an end before the start", async () => {
    const rows = good.split("\r\n").map((l) => l.split("\t"));
    const set = (line: number, col: number, v: string) => {
      (rows[line - 1] as string[])[col] = v;
    };
    // Line 2, served after queueing: ser_start, ser_exit 0:00:00 and ser_time 0 (not recorded).
    set(2, 13, "0:00:00");
    set(2, 14, "0:00:00");
    set(2, 15, "0");
    // Line 5, hung up in the voice menu: its exit 10 s before its entry (vru_time -10).
    set(5, 7, "10:59:50");
    set(5, 8, "-10");
    const text = rows.map((r) => r.join("\t")).join("\r\n");
    const dedicated = await read("anonbank", text);
    const mapped = await read("mapped", text);
    expect(dedicated.issues).toEqual([]);
    expect(mapped.rows).toEqual(dedicated.rows);
    const call = (n: string) => dedicated.rows.calls?.find((c) => c.call_id === `anonbank:AA0101:${n}`);
    // Jerusalem is UTC+2 in February: q_exit 8:00:40 is 06:00:40 UTC; the entry 11:00:00 is 09:00:00 UTC.
    expect(call("1")).toMatchObject({ answered: true, answered_at: null, ended_at: new Date("1999-02-01T06:00:40Z") });
    expect(call("4")).toMatchObject({ ivr_secs: 0, ended_at: new Date("1999-02-01T09:00:00Z") });
    // Line 6, served from 8:01:06: a service exit at 7:30 ends the call before its 8:00 entry.
    set(6, 14, "7:30:00");
    const backwards = rows.map((r) => r.join("\t")).join("\r\n");
    const where = (r: ReadResult) => r.issues.map((i) => [i.line, i.column, i.value]);
    const d2 = await read("anonbank", backwards);
    expect(where(d2)).toEqual([[6, "ser_exit", "7:30:00"]]);
    expect(where(await read("mapped", backwards))).toEqual(where(d2));
  });
});
