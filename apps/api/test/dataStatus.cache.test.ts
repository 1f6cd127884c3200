/**
 * The demo marker and the data's days, added to every report result and to the report list, are
 * read once per data version (the report runner's memo), not on every request: a cached fetch runs
 * no SQL at all. They are right again after the next import (the demo removed by it) because the
 * import moves the data version. Figures: the demo is generated over 1999-01-20..1999-01-26 in UTC;
 * the small call log's calls start from 1999-01-28 (its call 12) to 1999-02-04 (its call 13).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { loadDemo } from "@tallyline/synth";
import { ReadPool } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_NOTICE } from "../src/dataStatus";
import { smallCallLog, testApp } from "./harness";

let t: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  t = await testApp([], "UTC");
  await loadDemo(t.warehouse, {
    seed: 7,
    days: 7,
    end: "1999-01-26",
    timezone: "UTC",
    scale: 1,
  });
});
afterAll(() => t.close());

const Q = { from: "1999-01-20", to: "1999-02-03", timezone: "UTC" };
const list = async () =>
  (await (await t.request("/api/v1/platform/report/list")).json()) as {
    demo: boolean;
    notice?: string;
    data: { firstDay: string | null; lastDay: string | null };
  };
const offered = async () => {
  const res = await t.post("/api/v1/report/calls.offered/fetch", Q);
  expect(res.status).toBe(200);
  return { cache: res.headers.get("x-cache"), body: (await res.json()) as { demo: boolean; notice?: string } };
};

/** Counts the statements run on the write connection and on the read pool while `f` runs. */
async function statementsDuring(f: () => Promise<unknown>): Promise<number> {
  const main = vi.spyOn(t.warehouse, "query");
  const pool = vi.spyOn(ReadPool.prototype, "query");
  try {
    await f();
    return main.mock.calls.length + pool.mock.calls.length;
  } finally {
    main.mockRestore();
    pool.mockRestore();
  }
}

describe("demo marker and data days, per data version", () => {
  it("marks the demo and gives its days; a cache hit then runs no statement", async () => {
    expect(await list()).toMatchObject({
      demo: true,
      notice: DEMO_NOTICE,
      data: { firstDay: "1999-01-20", lastDay: "1999-01-26" },
    });
    expect((await offered()).body).toMatchObject({ demo: true, notice: DEMO_NOTICE });
    // Warm: the result and the marker are cached for this data version.
    expect(
      await statementsDuring(async () => {
        const again = await offered();
        expect(again.cache).toBe("hit");
        expect(again.body.demo).toBe(true);
        await list();
      }),
    ).toBe(0);
  });

  it("after an import of the user's own (which removes the demo) the marker and days follow", async () => {
    await importFile(t.warehouse, smallCallLog, { timezone: "UTC" });
    const after = await offered();
    expect(after.cache).toBe("miss");
    expect(after.body.demo).toBe(false);
    expect(after.body.notice).toBeUndefined();
    const l = await list();
    expect(l.demo).toBe(false);
    expect(l.data).toMatchObject({ firstDay: "1999-01-28", lastDay: "1999-02-04" });
  });
});

describe("batch items through the report cache", () => {
  const batch = async () => {
    const res = await t.post("/api/v1/reports/batch", {
      queries: [
        { reportId: "calls.offered", query: { ...Q, from: "1999-01-28" } },
        { reportId: "calls.abandoned", query: { ...Q, from: "1999-01-28" } },
      ],
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { results: { status: number; result: { value: number; demo: boolean } }[] }).results;
  };

  it("serves a repeated batch from the cache (no statement), and new figures after an import", async () => {
    // The small call log (imported above), 1999-01-28..02-03 in UTC: 12 calls (its 13th is on
    // 02-04), of which 3 hung up in the queue (calls 3, 7 and 11; call 4 left in the voice menu and
    // call 6 is a phantom, both excluded).
    const first = await batch();
    expect(first.map((r) => [r.status, r.result.value, r.result.demo])).toEqual([
      [200, 12, false],
      [200, 3, false],
    ]);
    expect(await statementsDuring(batch)).toBe(0);
    // One more call, abandoned in the queue on 1999-01-30: both figures move by one, as the data
    // version moved with the import.
    const extra = join(mkdtempSync(join(tmpdir(), "tl-extra-")), "extra.tsv");
    const [header] = readFileSync(smallCallLog, "utf8").split("\n");
    writeFileSync(
      extra,
      `${header}\nAA0104\t20\t0\t0\tPS\t990130\t9:00:00\t9:00:05\t5\t9:00:05\t9:01:05\t60\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n`,
    );
    await importFile(t.warehouse, extra, { timezone: "UTC" });
    const after = await batch();
    expect(after.map((r) => r.result.value)).toEqual([13, 4]);
  });
});
