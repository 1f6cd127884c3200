/**
 * Demo data never mixes with the user's own (issue 10 point 1, docs/ingest.md "Demo data"):
 * - a database that starts with the demo and then takes the user's files gives, in every report of
 *   the registry, exactly what a fresh database holding only those files gives, and keeps no
 *   demo row or `imports` row. The demo is generated over the same days as the user's data, so a
 *   demo row left anywhere would change a figure. Run on generated canonical files (always) and on
 *   the real anonbank log (when ../shared is present);
 * - a rejected import leaves the demo exactly as it was (table checksums), on both import paths;
 * - the demo loads only into an empty database (a chat-only one does not get it), and never into one
 *   holding data of the user's own;
 * - the API marks results and the report list while the demo is there, and says the data's days.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_SOURCE, IngestError, importFile, WRITTEN_TABLES } from "@tallyline/ingest";
import { defaultRegistry, runReport } from "@tallyline/report-defs";
import { DemoRefusedError, GENERATED_TABLES, generate, loadDemo, writeGenerated } from "@tallyline/synth";
import { canonicalTables, Warehouse } from "@tallyline/warehouse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableChecksums } from "../../../packages/ingest/test/checksum";
import { loadConfig } from "../src/config";
import { DEMO_NOTICE } from "../src/dataStatus";
import { startServer } from "../src/server";
import { json, realAnonbank, smallCallLog, testApp } from "./harness";

const fixtures = join(import.meta.dirname, "../../../packages/ingest/test/fixtures/canonical");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tl-demo-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * `value` with every fractional number rounded to 12 significant digits: sums of doubles taken in
 * another physical row order differ in the last bits (79.49318181818182 against ...181), not more.
 */
const rounded = (value: unknown): unknown =>
  JSON.parse(
    JSON.stringify(value, (_k, v) => (typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v)),
  );

/** Every report of the registry over `query`, by id (numbers {@link rounded}). */
async function everyReport(wh: Warehouse, query: object): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const def of defaultRegistry().list()) {
    out[def.id] = rounded(await runReport(def, query, (sql, params) => wh.query(sql, params)));
  }
  return out;
}

/** Every canonical table but imports, derived ones included, rows as sorted JSON text without import_id (random per import). */
async function tableContents(wh: Warehouse): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [table, spec] of Object.entries(canonicalTables).filter(([t]) => t !== "imports")) {
    const columns = Object.hasOwn(spec.columns, "import_id") ? "* EXCLUDE (import_id)" : "*";
    out[table] = (await wh.query(`SELECT ${columns} FROM ${table}`)).map((r) => JSON.stringify(rounded(r))).sort();
  }
  return out;
}

/** No demo import, and every row of every written table belongs to an import that is not the demo. */
async function expectNoDemo(wh: Warehouse): Promise<void> {
  expect(await wh.query("SELECT count(*)::INTEGER AS n FROM imports WHERE source = $1", [DEMO_SOURCE])).toEqual([
    { n: 0 },
  ]);
  for (const table of WRITTEN_TABLES) {
    const [row] = await wh.query<{ demo: number; orphan: number }>(
      `SELECT count(*) FILTER (WHERE t.source = $1)::INTEGER AS demo,
              count(*) FILTER (WHERE i.import_id IS NULL OR i.source = $1)::INTEGER AS orphan
       FROM ${table} t LEFT JOIN imports i USING (import_id)`,
      [DEMO_SOURCE],
    );
    expect(row, table).toEqual({ demo: 0, orphan: 0 });
  }
}

async function rowCount(wh: Warehouse, where = "true"): Promise<number> {
  let n = 0;
  for (const table of WRITTEN_TABLES) {
    const [row] = await wh.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table} WHERE ${where}`);
    n += row?.n ?? 0;
  }
  return n;
}

/**
 * Loads a demo over `demo`'s days into a new database, checks it is there, imports `files` into it
 * and into a fresh database, and returns both.
 */
async function demoThenFiles(name: string, demo: Parameters<typeof loadDemo>[1], files: [string, string?][]) {
  const mixed = await Warehouse.open(join(dir, `${name}-mixed.duckdb`));
  const fresh = await Warehouse.open(join(dir, `${name}-fresh.duckdb`));
  await loadDemo(mixed, demo);
  const demoRows = await rowCount(mixed, `source = '${DEMO_SOURCE}'`);
  for (const wh of [mixed, fresh]) {
    for (const [file, source] of files) await importFile(wh, file, source ? { source } : {});
  }
  return { mixed, fresh, demoRows };
}

describe("generated canonical files imported after the demo", () => {
  // The user's data and the demo over the same two weeks, from different seeds.
  const OWN = { seed: 5, days: 14, end: "2026-03-31", timezone: "Europe/Amsterdam", scale: 40, source: "synth" };
  const query = { from: "2026-03-17", to: "2026-04-01", timezone: "Europe/Amsterdam", compare: "previous" };
  let mixed: Warehouse;
  let fresh: Warehouse;
  let demoRows: number;
  beforeAll(async () => {
    const out = join(dir, "own");
    await writeGenerated(out, generate(OWN));
    ({ mixed, fresh, demoRows } = await demoThenFiles(
      "generated",
      { days: 14, end: "2026-03-31", timezone: "Europe/Amsterdam", scale: 40 },
      GENERATED_TABLES.map((t) => [join(out, `${t}.csv`), "canonical"]),
    ));
  });
  afterAll(async () => {
    await mixed?.close();
    await fresh?.close();
  });

  it("had demo rows, and keeps no demo row and no demo import", async () => {
    expect(demoRows).toBeGreaterThan(5_000);
    await expectNoDemo(mixed);
  });

  it("gives every report of the registry exactly what a database of the files alone gives", async () => {
    const [got, want] = [await everyReport(mixed, query), await everyReport(fresh, query)];
    expect(Object.keys(got)).toHaveLength(defaultRegistry().list().length);
    for (const id of Object.keys(want)) expect(got[id], id).toEqual(want[id]);
    // The figures are not empty: the comparison could have told a demo row.
    expect(got["calls.offered"]).toMatchObject({ value: expect.any(Number) });
    expect((got["calls.offered"] as { value: number }).value).toBeGreaterThan(100);
  });

  it("leaves every table, derived ones included, as the fresh database has it", async () => {
    expect(await tableContents(mixed)).toEqual(await tableContents(fresh));
  });
});

const realPresent = existsSync(realAnonbank);
if (!realPresent)
  console.warn(`SKIPPED: the real-data demo test needs ${realAnonbank} (../shared/data/real is absent)`);

describe.skipIf(!realPresent)("the real anonbank log imported after the demo", () => {
  let mixed: Warehouse;
  let fresh: Warehouse;
  beforeAll(async () => {
    ({ mixed, fresh } = await demoThenFiles("anonbank", { days: 28, end: "1999-02-28", timezone: "UTC", scale: 60 }, [
      [realAnonbank],
    ]));
  });
  afterAll(async () => {
    await mixed?.close();
    await fresh?.close();
  });

  it("gives every report over February 1999 what the log alone gives, with no demo row left", async () => {
    await expectNoDemo(mixed);
    const query = { from: "1999-02-01", to: "1999-02-28", timezone: "UTC", compare: "previous" };
    const [got, want] = [await everyReport(mixed, query), await everyReport(fresh, query)];
    for (const id of Object.keys(want)) expect(got[id], id).toEqual(want[id]);
    expect(got["calls.offered"]).toMatchObject({ value: 33_344 });
  });
});

describe("a rejected import", () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await Warehouse.open(join(dir, "rejected.duckdb"));
    await loadDemo(wh, { days: 7, end: "2026-03-31", scale: 10 });
  });
  afterAll(async () => wh?.close());

  it("leaves the demo exactly as it was, when the rows are refused inside the import transaction (canonical)", async () => {
    const before = await tableChecksums(wh);
    const bad = join(dir, "calls.csv");
    writeFileSync(
      bad,
      "call_id,campaign_id,started_at,answered,abandoned\nx:1,x:k,2026-03-01 10:00:00,true,false\nx:2,x:k,2026-02-31 10:00:00,true,false\n",
    );
    await expect(importFile(wh, bad, { source: "canonical" })).rejects.toBeInstanceOf(IngestError);
    expect(await tableChecksums(wh)).toEqual(before);
    expect(await wh.query("SELECT source FROM imports")).toEqual([{ source: DEMO_SOURCE }]);
  });

  it("leaves the demo exactly as it was, when an adapter refuses the file before writing (anonbank)", async () => {
    const before = await tableChecksums(wh);
    const bad = join(dir, "calls.txt");
    writeFileSync(
      bad,
      "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\n" +
        "AA0101\t1\t0\t0\tPS\t990231\t8:00:00\t8:00:10\t10\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\n",
    );
    await expect(importFile(wh, bad)).rejects.toBeInstanceOf(IngestError);
    expect(await tableChecksums(wh)).toEqual(before);
  });
});

describe("when the demo loads", () => {
  const config = (db: string) => ({
    ...loadConfig({ TALLYLINE_PORT: "0", TALLYLINE_DATA_DIR: dir, TALLYLINE_DEMO: "auto" }),
    db,
  });
  const small = { days: 7, end: "2026-03-31", scale: 10 };

  it("the server loads it into an empty database, and not into a chat-only one", async () => {
    const chatOnly = join(dir, "chat-only.duckdb");
    const wh = await Warehouse.open(chatOnly);
    await importFile(wh, join(fixtures, "conversations.csv"), { source: "canonical" });
    expect(await wh.query("SELECT count(*)::INTEGER AS n FROM calls")).toEqual([{ n: 0 }]);
    await wh.close();

    for (const [db, wanted] of [
      [chatOnly, false],
      [join(dir, "empty.duckdb"), true],
    ] as const) {
      const lines: string[] = [];
      const server = await startServer(config(db), (l) => lines.push(l), { demoOptions: small });
      try {
        expect(lines[0]).toBe(`Database: ${db}`);
        expect(lines.some((l) => l.startsWith("Loaded demo data"))).toBe(wanted);
        const sources = await server.warehouse.query("SELECT DISTINCT source FROM imports ORDER BY 1");
        expect(sources, db).toEqual(wanted ? [{ source: DEMO_SOURCE }] : [{ source: "canonical" }]);
      } finally {
        await server.close();
      }
    }
  });

  it("loadDemo refuses a database with data of the user's own, and replaces an older demo", async () => {
    const wh = await Warehouse.open(join(dir, "refuse.duckdb"));
    try {
      await loadDemo(wh, small);
      const again = await loadDemo(wh, small);
      expect(again.status).toBe("unchanged");
      await loadDemo(wh, { ...small, end: "2026-04-07" });
      const imports = await wh.query<{ source: string }>("SELECT source FROM imports");
      expect(imports).toEqual([{ source: DEMO_SOURCE }]);
      expect(await wh.query("SELECT max(started_at)::DATE::VARCHAR AS d FROM calls")).toEqual([{ d: "2026-04-07" }]);
      await importFile(wh, smallCallLog);
      await expect(loadDemo(wh, small)).rejects.toBeInstanceOf(DemoRefusedError);
      await expectNoDemo(wh);
    } finally {
      await wh.close();
    }
  });
});

describe("the report list says the data's days", () => {
  // The small log's calls start from 1999-01-28 10:00 to 1999-02-04 10:00 UTC (read in UTC):
  // in Pago Pago (UTC-11) that is 01-27 23:00 to 02-03 23:00.
  for (const [zone, firstDay, lastDay] of [
    ["UTC", "1999-01-28", "1999-02-04"],
    ["Pacific/Pago_Pago", "1999-01-27", "1999-02-03"],
  ] as const) {
    it(`in the server's zone (${zone}), without the demo marker's notice`, async () => {
      const t = await testApp([smallCallLog], zone);
      try {
        const list = await json<object>(await t.request("/api/v1/platform/report/list"));
        expect(list).toMatchObject({ demo: false, data: { firstDay, lastDay, timezone: zone } });
        expect(list).not.toHaveProperty("notice");
      } finally {
        await t.close();
      }
    });
  }

  it("as null days on an empty database", async () => {
    const t = await testApp([]);
    try {
      const list = await json<object>(await t.request("/api/v1/platform/report/list"));
      expect(list).toMatchObject({ demo: false, data: { firstDay: null, lastDay: null, timezone: "UTC" } });
    } finally {
      await t.close();
    }
  });
});

describe("the API marks demo data", () => {
  it("in every report result and in the report list, with the data's days", async () => {
    const t = await testApp([]);
    try {
      await loadDemo(t.warehouse, { days: 7, end: "1999-02-03", scale: 10, timezone: "UTC" });
      const list = await json<{ demo: boolean; notice?: string; data: object }>(
        await t.request("/api/v1/platform/report/list"),
      );
      expect(list).toMatchObject({ demo: true, notice: DEMO_NOTICE });
      expect(list.data).toMatchObject({ lastDay: expect.stringMatching(/^1999-02-0[34]$/), timezone: "UTC" });
      for (const id of ["calls.offered", "chat.messages_by_sender", "calls.heatmap"]) {
        if (
          !defaultRegistry()
            .list()
            .some((d) => d.id === id)
        )
          continue;
        const body = await json<{ demo: boolean; notice?: string }>(await t.post(`/api/v1/report/${id}/fetch`, {}));
        expect(body, id).toMatchObject({ demo: true, notice: DEMO_NOTICE });
      }
      // The OpenAPI document describes the marker on both routes, and the data's days on the list.
      const doc = JSON.stringify(await json<object>(await t.request("/api/v1/openapi.json")));
      const spec = JSON.parse(doc) as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
        components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
      };
      const fetch200 = JSON.stringify(spec.paths["/api/v1/report/{reportId}/fetch"]?.post?.responses["200"]);
      expect(fetch200).toContain("#/components/schemas/DemoMarker");
      expect(Object.keys(spec.components.schemas.DemoMarker?.properties ?? {})).toEqual(["demo", "notice"]);
      expect(Object.keys(spec.components.schemas.ReportList?.properties ?? {})).toEqual(
        expect.arrayContaining(["items", "data", "demo", "notice"]),
      );
      expect(Object.keys(spec.components.schemas.DataDays?.properties ?? {})).toEqual([
        "firstDay",
        "lastDay",
        "timezone",
      ]);
      await importFile(t.warehouse, smallCallLog);
      const after = await json<{ demo: boolean; notice?: string }>(
        await t.post("/api/v1/report/calls.offered/fetch", {}),
      );
      expect(after.demo).toBe(false);
      expect(after).not.toHaveProperty("notice");
    } finally {
      await t.close();
    }
  });
});
