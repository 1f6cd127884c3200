/**
 * The report cache over real HTTP on 127.0.0.1 and a real DuckDB file: hits and misses keyed by the
 * normalised query, ETag and 304, an import in the same process moving the data version, and the
 * memory bound. Figures are those of the small call log (hand-computed in the happy tests: 9 calls
 * offered on 1999-02-01..03 in UTC, 5 + 4 + 0 a day).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import type { KpiResult } from "@tallyline/report-defs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveServer } from "./liveServer";

const OFFERED = "/api/v1/report/calls.offered/fetch";
const Q = { from: "1999-02-01", to: "1999-02-03", timezone: "UTC" };

let s: Awaited<ReturnType<typeof liveServer>>;
beforeAll(async () => {
  s = await liveServer();
});
afterAll(() => s.close());

describe("report cache and ETag", () => {
  it("computes once, then serves the same bytes for the same query however it is written", async () => {
    const first = await s.post(OFFERED, Q);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-cache")).toBe("miss");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    const body = await first.text();
    expect(JSON.parse(body)).toMatchObject({ value: 9, previousValue: 2 });
    // Other key order, zone in another letter case, a default spelled out, userId: the same query.
    const same = await s.post(OFFERED, {
      timezone: "utc",
      to: "1999-02-03",
      compare: "previous",
      userId: "x",
      from: "1999-02-01",
    });
    expect(same.headers.get("x-cache")).toBe("hit");
    expect(same.headers.get("etag")).toBe(etag);
    expect(await same.text()).toBe(body);
    // A different query is a different entry.
    const other = await s.post(OFFERED, { ...Q, compare: "none" });
    expect(other.headers.get("x-cache")).toBe("miss");
    expect(other.headers.get("etag")).not.toBe(etag);
  });

  it("answers 304 without a body when If-None-Match names the current ETag", async () => {
    const etag = (await s.post(OFFERED, Q)).headers.get("etag") as string;
    for (const header of [etag, `W/${etag}`, `"nope", ${etag}`, "*"]) {
      const res = await s.post(OFFERED, Q, { headers: { "if-none-match": header } });
      expect(res.status, header).toBe(304);
      expect(res.headers.get("etag")).toBe(etag);
      expect(await res.text()).toBe("");
    }
    const stale = await s.post(OFFERED, Q, { headers: { "if-none-match": '"not-this-one"' } });
    expect(stale.status).toBe(200);
  });

  it("shares one computation among identical requests that arrive together", async () => {
    const q = { ...Q, filters: { queue: ["PS"] } };
    const answers = await Promise.all(Array.from({ length: 6 }, () => s.post(OFFERED, q)));
    const kinds = answers.map((r) => r.headers.get("x-cache"));
    expect(kinds.filter((k) => k === "miss")).toHaveLength(1);
    const bodies = await Promise.all(answers.map((r) => r.json() as Promise<KpiResult>));
    // PS calls: 02-01 #1 #2 #4 AA0103#1; 02-02 #5 #6 #8.
    for (const b of bodies) expect(b.value).toBe(7);
  });

  it("an import through the same warehouse moves the data version: new ETag, new figures", async () => {
    const before = await s.post(OFFERED, Q);
    const oldEtag = before.headers.get("etag") as string;
    expect((await before.json()) as KpiResult).toMatchObject({ value: 9 });
    const version = s.warehouse.dataVersion;
    // Two more calls: 02-02 10:00 and 02-03 09:00 UTC.
    const extra = join(s.dir, "extra.tsv");
    const header =
      "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver";
    writeFileSync(
      extra,
      `${header}
AA0104\t20\t0\t0\tPS\t990202\t10:00:00\t10:00:05\t5\t10:00:05\t10:00:35\t30\tAGENT\t10:00:35\t10:03:35\t180\tALICE
AA0104\t21\t0\t0\tPS\t990203\t9:00:00\t9:00:05\t5\t9:00:05\t9:00:25\t20\tAGENT\t9:00:25\t9:02:25\t120\tBOB
`,
    );
    await importFile(s.warehouse, extra, { timezone: "UTC" });
    expect(s.warehouse.dataVersion).not.toBe(version);
    const after = await s.post(OFFERED, Q, { headers: { "if-none-match": oldEtag } });
    expect(after.status).toBe(200);
    expect(after.headers.get("x-cache")).toBe("miss");
    expect(after.headers.get("etag")).not.toBe(oldEtag);
    const r = (await after.json()) as KpiResult;
    expect(r.value).toBe(11);
    expect(r.breakdown.map((p) => p.total)).toEqual([5, 5, 1]);
    // The results of the older data were dropped, not left to age out.
    expect(s.runner.stats().cacheEntries).toBe(1);
  });

  it("keeps at most its memory budget, forgetting the oldest results first", async () => {
    const small = await liveServer({ runner: { cacheBytes: 12 * 1024 } });
    try {
      const days = ["1999-02-01", "1999-02-02", "1999-02-03"];
      const queries = days.flatMap((from) =>
        ["UTC", "Europe/Amsterdam", "Asia/Jerusalem", "America/New_York"].map((timezone) => ({
          from,
          to: "1999-02-03",
          timezone,
        })),
      );
      const sizes: number[] = [];
      for (const q of queries) {
        const res = await small.post(OFFERED, q);
        expect(res.headers.get("x-cache")).toBe("miss");
        sizes.push((await res.text()).length);
        expect(small.runner.stats().cacheBytes).toBeLessThanOrEqual(12 * 1024);
      }
      // 12 results of ~0.7 KB (1.3 KB as UTF-16, keys apart) do not fit in 12 KiB together.
      expect(sizes.reduce((a, b) => a + b, 0) * 2).toBeGreaterThan(12 * 1024);
      expect(small.runner.stats().cacheEntries).toBeLessThan(queries.length);
      expect((await small.post(OFFERED, queries.at(-1))).headers.get("x-cache")).toBe("hit");
      expect((await small.post(OFFERED, queries[0])).headers.get("x-cache")).toBe("miss");
    } finally {
      await small.close();
    }
  });
});
