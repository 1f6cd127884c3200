import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CanonicalRow, type CanonicalTableName, deriveColumns, upsertRows, Warehouse } from "@tallyline/warehouse";
import type {
  HeatmapResult,
  KpiResult,
  RankingResult,
  ReportResult,
  TableResult,
  TimeseriesResult,
} from "../src/index";
import { defaultRegistry, runReport } from "../src/index";

/** A real DuckDB file in a temp folder, loaded with hand-made canonical rows. */
export async function goldenWarehouse(rows: Partial<Record<CanonicalTableName, CanonicalRow[]>>) {
  const dir = mkdtempSync(join(tmpdir(), "tl-golden-"));
  const wh = await Warehouse.open(join(dir, "golden.duckdb"));
  await wh.transaction(async (tx) => {
    for (const [table, list] of Object.entries(rows) as [CanonicalTableName, CanonicalRow[]][]) {
      await upsertRows(
        tx,
        table,
        list.map((r) => ({ source: "test", import_id: "test", ...r })),
      );
    }
    // Derived columns (campaign keys on messages, contact-centre flags), as an import fills them.
    await deriveColumns(
      tx,
      Object.fromEntries(Object.entries(rows).map(([t, list]) => [t, list?.length ?? 0])),
      "test",
    );
  });
  const run = async (id: string, query: object): Promise<ReportResult> =>
    runReport(defaultRegistry().get(id), query, (sql, params) => wh.query(sql, params));
  const as =
    <T extends ReportResult>(shape: string) =>
    async (id: string, query: object): Promise<T> => {
      const r = await run(id, query);
      if (r.shape !== shape) throw new Error(`${id} is a ${r.shape}, not a ${shape}`);
      return r as T;
    };
  return {
    wh,
    run,
    kpi: as<KpiResult>("kpi"),
    timeseries: as<TimeseriesResult>("timeseries"),
    ranking: as<RankingResult>("ranking"),
    distribution: as<RankingResult>("distribution"),
    table: as<TableResult>("table"),
    heatmap: as<HeatmapResult>("heatmap"),
    close: async () => {
      await wh.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A UTC instant from 'YYYY-MM-DD HH:MM:SS'. */
export const utc = (s: string) => new Date(`${s.replace(" ", "T")}Z`);
