/**
 * The anonbank adapter on what its producers write besides the published tab-separated file: copies
 * re-hosted with commas or semicolons (detected by content, the same rows), and the warnings it gives
 * for values it does not use as written (a negative vru_time, clamped; a served call whose service
 * times are 0:00:00, i.e. not recorded), which are shown in the summary and kept with the import.
 * The fixture is report-defs' 13-call log; its line 10 (AA0103:1) has vru_time -60.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../src/index";

const FIXTURE = join(import.meta.dirname, "../../report-defs/test/fixtures/calls-small.tsv");
const good = readFileSync(FIXTURE, "utf8");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-anonbank-formats-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Imports `text` as `name` into a new database and returns the summary and the calls (without import_id). */
async function load(name: string, text: string) {
  const wh = await Warehouse.open(join(dir, `${name}.duckdb`));
  const path = join(dir, name);
  writeFileSync(path, text);
  const summary = await importFile(wh, path);
  const calls = await wh.query("SELECT * EXCLUDE (import_id) FROM calls ORDER BY call_id");
  const imports = await wh.query<{ warnings: string | null }>("SELECT warnings FROM imports");
  await wh.close();
  return { summary, calls, imports };
}

describe("delimiters", () => {
  it("comma- and semicolon-separated copies are detected as anonbank and give the tab file's rows", async () => {
    const tab = await load("calls.tsv", good);
    expect(tab.summary.source).toBe("anonbank");
    expect(tab.calls).toHaveLength(13);
    for (const [name, d] of [
      ["calls.csv", ","],
      ["calls-semicolon.csv", ";"],
    ] as const) {
      const copy = await load(name, good.replaceAll("\t", d));
      expect(copy.summary, name).toMatchObject({ source: "anonbank", rowsByTable: { calls: 13 } });
      expect(copy.calls, name).toEqual(tab.calls);
    }
  });
});

describe("warnings", () => {
  const VRU = "is negative (clock skew between the voice unit and the switch): ivr_secs is 0";
  const SERVICE =
    "is 0:00:00, as is ser_exit, on a served (AGENT) call: the service was not recorded, so answered_at is empty and ended_at is the queue exit";

  it("a negative vru_time: clamped, the row kept, one warning on its line and column", async () => {
    const { summary, imports } = await load("skew.tsv", good);
    const warning = { file: "skew.tsv", line: 10, column: "vru_time", value: "-60", reason: VRU };
    expect(summary.warnings).toEqual({ total: 1, first: [warning] });
    expect(JSON.parse(String(imports[0]?.warnings))).toEqual({ total: 1, first: [warning] });
  });

  it("a served call without service times: no answered_at, the queue exit as its end, a warning", async () => {
    // Line 2 (AA0101:1, queued 8:00:10-8:00:40, served 8:00:40-8:05:40): service not recorded.
    const text = good.replace("AGENT\t8:00:40\t8:05:40\t300\tALICE", "AGENT\t0:00:00\t0:00:00\t0\tALICE");
    const { summary, calls } = await load("unrecorded.tsv", text);
    expect(summary.warnings.total).toBe(2);
    expect(summary.warnings.first[0]).toEqual({
      file: "unrecorded.tsv",
      line: 2,
      column: "ser_start",
      value: "0:00:00",
      reason: SERVICE,
    });
    expect(calls.find((c) => c.call_id === "anonbank:AA0101:1")).toMatchObject({
      answered: true,
      answered_at: null,
      started_at: "1999-02-01T08:00:00.000Z",
      ended_at: "1999-02-01T08:00:40.000Z",
      talk_secs: 0,
    });
  });

  it("a clean file has none, and its import stores NULL", async () => {
    const clean = good.replace("14:00:00\t13:59:00\t-60\t13:59:00", "14:00:00\t14:00:00\t0\t14:00:00");
    const { summary, imports } = await load("clean.tsv", clean);
    expect(summary.warnings).toEqual({ total: 0, first: [] });
    expect(imports).toEqual([{ warnings: null }]);
  });
});
