/**
 * ETag and If-None-Match (304) on the export routes, on the real app over the hand-made call log
 * (smallCallLog: calls offered 5 on 1999-02-01, 4 on 02-02, 0 on 02-03, 2 the period before):
 * `POST /api/v1/report/{id}/export`, `GET /api/v1/exports/{table}` and `/api/v1/exports/manifest`.
 * A held ETag gives 304 without a body (and no temporary export file) while the data and the query
 * are the same; another format, range or bom, or a write to the data (here a DELETE through the
 * warehouse, as an import's delete would do), gives 200 with a new ETag and the new figures.
 * A bad query is still a 400 and a missing or too weak credential still 401/403, ETag or not.
 */
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "./harness";

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const Q = { from: "1999-02-01", to: "1999-02-03" };
const EXPORT = "/api/v1/report/calls.offered/export";
const WEAK = /^W\/"[A-Za-z0-9_-]{32}"$/;
const tempExports = () => readdirSync(tmpdir()).filter((f) => f.startsWith("tallyline-export-"));
/** The CSV's rows (date, offered) and total, as the export wrote them. */
const offered = (text: string) => (parse(text) as string[][]).slice(1).map((r) => `${r[0]} ${r[1]}`);
const tableCount = async (table: string) =>
  Number((await t.warehouse.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n);

describe("ETag and If-None-Match on the export routes", () => {
  // One test: the steps share the data version, which the DELETE at the end moves.
  it("304 while data and query are unchanged; 200 with a new ETag after a write, another query or format", async () => {
    // Report export: a weak ETag, the same for the same query, 304 on it, with no body.
    const first = await t.post(`${EXPORT}?format=csv`, Q);
    expect(first.status).toBe(200);
    const etag = String(first.headers.get("etag"));
    expect(etag).toMatch(WEAK);
    expect(offered(await first.text())).toEqual(["1999-02-01 5", "1999-02-02 4", "1999-02-03 0", "Total 9"]);
    expect((await t.post(`${EXPORT}?format=csv`, Q)).headers.get("etag")).toBe(etag);
    const held = await t.post(`${EXPORT}?format=csv`, Q, { "content-type": "application/json", "if-none-match": etag });
    expect(held.status).toBe(304);
    expect(held.headers.get("etag")).toBe(etag);
    expect(await held.text()).toBe("");
    // Compared weakly, in a list (RFC 9110): the strong form of the same tag matches too.
    const listed = await t.post(`${EXPORT}?format=csv`, Q, {
      "content-type": "application/json",
      "if-none-match": `"other", ${etag.slice(2)}`,
    });
    expect(listed.status).toBe(304);
    // Another format, bom, period or report: another file, so another ETag, and the held one gives 200.
    const others = [
      await t.post(`${EXPORT}?format=json`, Q, { "content-type": "application/json", "if-none-match": etag }),
      await t.post(`${EXPORT}?format=csv&bom=1`, Q, { "content-type": "application/json", "if-none-match": etag }),
      await t.post(
        `${EXPORT}?format=csv`,
        { ...Q, to: "1999-02-02" },
        {
          "content-type": "application/json",
          "if-none-match": etag,
        },
      ),
      await t.post("/api/v1/report/calls.by_queue/export?format=csv", Q, {
        "content-type": "application/json",
        "if-none-match": etag,
      }),
    ];
    expect(others.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const tags = others.map((r) => String(r.headers.get("etag")));
    expect(new Set([etag, ...tags]).size).toBe(5);

    // Table export and manifest: a weak ETag, 304 on it, no temporary file written for a 304.
    const table = await t.request("/api/v1/exports/calls?format=csv");
    expect(table.status).toBe(200);
    const tableTag = String(table.headers.get("etag"));
    expect(tableTag).toMatch(WEAK);
    const callsBefore = await tableCount("calls");
    expect(table.headers.get("x-tallyline-rows")).toBe(String(callsBefore));
    await table.arrayBuffer();
    const before = tempExports();
    const tableHeld = await t.request("/api/v1/exports/calls?format=csv", { headers: { "if-none-match": tableTag } });
    expect(tableHeld.status).toBe(304);
    expect(tableHeld.headers.get("etag")).toBe(tableTag);
    expect(await tableHeld.text()).toBe("");
    expect(tempExports().filter((f) => !before.includes(f))).toEqual([]);
    for (const other of ["format=parquet", "format=csv&from=1999-02-02", "format=csv&to=1999-02-02"]) {
      const res = await t.request(`/api/v1/exports/calls?${other}`, { headers: { "if-none-match": tableTag } });
      expect(res.status, other).toBe(200);
      expect(res.headers.get("etag"), other).not.toBe(tableTag);
      await res.arrayBuffer();
    }
    const agents = await t.request("/api/v1/exports/agents?format=csv", { headers: { "if-none-match": tableTag } });
    expect(agents.status).toBe(200);
    await agents.arrayBuffer();
    const manifest = await t.request("/api/v1/exports/manifest");
    const manifestTag = String(manifest.headers.get("etag"));
    expect(manifestTag).toMatch(WEAK);
    expect(manifestTag).not.toBe(tableTag);
    const manifestHeld = await t.request("/api/v1/exports/manifest", { headers: { "if-none-match": manifestTag } });
    expect(manifestHeld.status).toBe(304);
    // The column checksums make another answer: another ETag, a 200 with the checksums.
    const withSums = await t.request("/api/v1/exports/manifest?checksums=columns", {
      headers: { "if-none-match": manifestTag },
    });
    expect(withSums.status).toBe(200);
    expect(String(withSums.headers.get("etag"))).not.toBe(manifestTag);
    const sums = (await withSums.json()) as { tables: Record<string, { columns?: Record<string, string> }> };
    expect(Object.keys(sums.tables.calls?.columns ?? {})).toContain("call_id");

    // A write to the data (every call of 1999-02-02 UTC deleted): every held ETag is stale.
    await t.warehouse.run(
      "DELETE FROM calls WHERE started_at >= TIMESTAMP '1999-02-02 00:00:00' AND started_at < TIMESTAMP '1999-02-03 00:00:00'",
    );
    const callsAfter = await tableCount("calls");
    expect(callsAfter).toBeLessThan(callsBefore);
    const fresh = await t.post(`${EXPORT}?format=csv`, Q, {
      "content-type": "application/json",
      "if-none-match": etag,
    });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("etag")).toMatch(WEAK);
    expect(fresh.headers.get("etag")).not.toBe(etag);
    expect(offered(await fresh.text())).toEqual(["1999-02-01 5", "1999-02-02 0", "1999-02-03 0", "Total 5"]);
    const freshTable = await t.request("/api/v1/exports/calls?format=csv", { headers: { "if-none-match": tableTag } });
    expect(freshTable.status).toBe(200);
    expect(freshTable.headers.get("etag")).not.toBe(tableTag);
    expect(freshTable.headers.get("x-tallyline-rows")).toBe(String(callsAfter));
    await freshTable.arrayBuffer();
    const freshManifest = await t.request("/api/v1/exports/manifest", { headers: { "if-none-match": manifestTag } });
    expect(freshManifest.status).toBe(200);
    expect(((await freshManifest.json()) as { tables: { calls: { rows: number } } }).tables.calls.rows).toBe(
      callsAfter,
    );
  });

  it("a bad query is a 400 and a missing or member credential 401/403, whatever the If-None-Match", async () => {
    const res = await t.post(`${EXPORT}?format=csv`, Q);
    const etag = String(res.headers.get("etag"));
    await res.text();
    const bad = await t.post(
      `${EXPORT}?format=csv`,
      { from: "1999-02-31" },
      {
        "content-type": "application/json",
        "if-none-match": "*",
      },
    );
    expect(bad.status).toBe(400);
    const anonymous = await t.app.request(`${EXPORT}?format=csv`, {
      method: "POST",
      headers: { "content-type": "application/json", "if-none-match": etag },
      body: JSON.stringify(Q),
    });
    expect(anonymous.status).toBe(401);

    const table = await t.request("/api/v1/exports/calls?format=csv");
    const tableTag = String(table.headers.get("etag"));
    await table.arrayBuffer();
    expect(
      (await t.request("/api/v1/exports/calls?format=csv&from=1999-02-30", { headers: { "if-none-match": "*" } }))
        .status,
    ).toBe(400);
    const member = await t.keyHeader("member");
    for (const path of ["/api/v1/exports/calls?format=csv", "/api/v1/exports/manifest"]) {
      const tag = path.includes("manifest") ? "*" : tableTag;
      expect((await t.app.request(path, { headers: { "if-none-match": tag } })).status, path).toBe(401);
      const res = await t.request(path, { headers: { authorization: member, "if-none-match": tag } });
      expect(res.status, path).toBe(403);
      expect(res.headers.get("etag"), path).toBeNull();
    }
  });
});
