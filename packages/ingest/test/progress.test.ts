/**
 * Progress reports of importFile (what `tallyline ingest` draws as a bar): phases in order, percents
 * within 0-100 and never going back, and a last report 'done' at 100.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ImportProgress, importFile } from "../src/index";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-progress-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(events: readonly ImportProgress[], phases: readonly ImportProgress["phase"][]) {
  // Each phase once, in order (a phase may repeat its reports, never come back after the next).
  const seen = events.map((e) => e.phase).filter((p, i, all) => p !== all[i - 1]);
  expect(seen).toEqual(phases);
  const writing = events.filter((e) => e.phase === "writing").map((e) => e.percent ?? -1);
  for (const p of writing) expect(p).toBeGreaterThanOrEqual(0);
  for (const p of writing) expect(p).toBeLessThanOrEqual(100);
  expect(writing).toEqual([...writing].sort((a, b) => a - b));
  expect(events.at(-1)).toMatchObject({ phase: "done", percent: 100 });
}

describe("importFile progress", () => {
  it("a SQL-native load reports writing from 0 up, then done", async () => {
    const wh = await Warehouse.open(join(dir, "a.duckdb"));
    const file = join(dir, "messages.csv");
    // 2M messages: long enough (about a second) for the 200 ms poll to see DuckDB's estimate move.
    await wh.run(`COPY (SELECT 'm' || i AS message_id, 'c' || (i // 10) AS conversation_id, (i % 10 + 1)::INTEGER AS seq,
        TIMESTAMP '2026-01-01 00:00:00' + to_seconds(i) AS sent_at, 'contact' AS sender FROM range(2000000) r(i))
      TO '${file}' (HEADER)`);
    const events: ImportProgress[] = [];
    const s = await importFile(wh, file, { onProgress: (p) => events.push(p) });
    expect(s.rowsByTable).toEqual({ messages: 2_000_000 });
    check(events, ["writing", "done"]);
    expect(events[0]).toMatchObject({ file: "messages.csv", phase: "writing", percent: 0 });
    // Progress is off again afterwards: DuckDB tracks it only while an import asks.
    expect(await wh.query("SELECT current_setting('enable_progress_bar') AS on")).toEqual([{ on: false }]);
    await wh.close();
  });

  it("an adapter that parses in JavaScript reports reading, writing, done; an unchanged file done only", async () => {
    const wh = await Warehouse.open(join(dir, "b.duckdb"));
    const fixture = join(import.meta.dirname, "fixtures/ibm/sessions.json");
    const events: ImportProgress[] = [];
    await importFile(wh, fixture, { onProgress: (p) => events.push(p) });
    check(events, ["reading", "writing", "done"]);
    const again: ImportProgress[] = [];
    expect((await importFile(wh, fixture, { onProgress: (p) => again.push(p) })).status).toBe("unchanged");
    check(again, ["done"]);
    await wh.close();
  });
});
