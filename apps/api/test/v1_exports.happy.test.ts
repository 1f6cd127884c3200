/**
 * `GET /api/v1/exports/{table}` and `/api/v1/exports/manifest` on the real app over the hand-made
 * call log (smallCallLog): the downloaded file, read back by DuckDB, has the rows and the column
 * checksums that this test computes with its own SQL over the `calls` table, and the manifest route
 * gives the same figures (row counts; the column checksums with `checksums=columns`).
 */
import { readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalTables } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, type TestApp, testApp } from "./harness";

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await testApp();
  dir = join(String(t.warehouse.path), "..");
});
afterAll(() => t.close());

const COLS = Object.keys(canonicalTables.calls.columns);
/** Count and `sum(hash(column))` per column of `from`, by this test's own SQL. */
async function sums(from: string, where = "") {
  const [row] = await t.warehouse.query(
    `SELECT count(*) AS rows, ${COLS.map((c) => `coalesce(sum(hash("${c}")), 0)::VARCHAR AS "${c}"`).join(", ")} FROM ${from} ${where}`,
  );
  return row as Record<string, string | number>;
}
const tempExports = () => readdirSync(tmpdir()).filter((f) => f.startsWith("tallyline-export-"));

describe("GET /api/v1/exports/{table}", () => {
  it("Parquet: one file with every row, read back by DuckDB with the table's checksums; the temp file is gone", async () => {
    const before = tempExports();
    const res = await t.request("/api/v1/exports/calls?format=parquet");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.apache.parquet");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="calls.parquet"');
    expect(res.headers.get("cache-control")).toBe("no-store");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(Number(res.headers.get("content-length")));
    expect(bytes.subarray(0, 4).toString()).toBe("PAR1");
    const file = join(dir, "calls-download.parquet");
    writeFileSync(file, bytes);
    const source = await sums("calls");
    expect(Number(source.rows)).toBeGreaterThan(5);
    expect(await sums(`read_parquet('${file}')`)).toEqual(source);
    expect(res.headers.get("x-tallyline-rows")).toBe(String(source.rows));
    expect(tempExports().filter((f) => !before.includes(f))).toEqual([]);
  });

  it("CSV: header row and one CRLF-ended line per row", async () => {
    const res = await t.request("/api/v1/exports/calls?format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="calls.csv"');
    const text = await res.text();
    const lines = text.split("\r\n");
    expect(lines[0]).toBe(COLS.join(","));
    const [{ n } = { n: 0 }] = await t.warehouse.query<{ n: number }>("SELECT count(*) AS n FROM calls");
    expect(lines.length).toBe(n + 2); // header, rows, the empty string after the last CRLF
  });

  it("from/to: UTC days, inclusive, on the table's time column; the file name says the range", async () => {
    const res = await t.request("/api/v1/exports/calls?format=parquet&from=1999-02-02&to=1999-02-02");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="calls_1999-02-02_1999-02-02.parquet"');
    const file = join(dir, "calls-day.parquet");
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const expected = await sums(
      "calls",
      "WHERE started_at >= TIMESTAMP '1999-02-02 00:00:00' AND started_at < TIMESTAMP '1999-02-03 00:00:00'",
    );
    expect(Number(expected.rows)).toBeGreaterThan(0);
    expect(await sums(`read_parquet('${file}')`)).toEqual(expected);
  });
});

describe("GET /api/v1/exports/manifest", () => {
  it("rows of every exported table; with checksums=columns its column checksums, equal to the table's own", async () => {
    const res = await t.request("/api/v1/exports/manifest?checksums=columns");
    expect(res.status).toBe(200);
    const m = await json<{
      schemaVersion: number;
      exportedAt: string;
      range: unknown;
      checksum?: string;
      tables: Record<string, { rows: number; timeColumn: string | null; columns?: Record<string, string> }>;
    }>(res);
    const { rows, ...columns } = await sums("calls");
    expect(m.tables.calls).toEqual({ timeColumn: "started_at", rows, columns });
    expect(m.checksum).toMatch(/^per column: sum over the rows of DuckDB hash/);
    // Without the parameter: the same rows, no column checksums (no read of every column).
    const plain = await json<typeof m>(await t.request("/api/v1/exports/manifest"));
    expect(plain.tables.calls).toEqual({ timeColumn: "started_at", rows });
    expect(plain.checksum).toBeUndefined();
    expect(Object.values(plain.tables).map((x) => x.rows)).toEqual(Object.values(m.tables).map((x) => x.rows));
    // The parameter is in the OpenAPI document, with its one value and a description.
    const doc = (await (await t.request("/api/v1/openapi.json")).json()) as {
      paths: Record<
        string,
        { get: { parameters: { name: string; schema: { enum?: string[] }; description?: string }[] } }
      >;
    };
    const param = doc.paths["/api/v1/exports/manifest"]?.get.parameters.find((p) => p.name === "checksums");
    expect(param?.schema.enum).toEqual(["columns"]);
    expect(param?.description).toMatch(/per-column value checksums/);
    expect(m.tables.agents?.timeColumn).toBeNull();
    expect(m.range).toEqual({ from: null, to: null, timezone: "UTC" });
    expect(m.exportedAt).toBe("1999-02-03T12:00:00.000Z");
    expect(Object.keys(m.tables)).not.toContain("imports");
    expect(Object.keys(m.tables).some((n) => n.startsWith("app_"))).toBe(false);
    const day = await json<typeof m>(await t.request("/api/v1/exports/manifest?from=1999-02-02&to=1999-02-02"));
    const [{ n } = { n: -1 }] = await t.warehouse.query<{ n: number }>(
      "SELECT count(*) AS n FROM calls WHERE started_at >= '1999-02-02' AND started_at < '1999-02-03'",
    );
    expect(day.tables.calls?.rows).toBe(n);
  });
});
