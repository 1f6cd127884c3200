/**
 * A warehouse of generated data (packages/synth) imported through the canonical adapter, as the
 * report-defs generated tests build it; one per test file. `execute` runs report SQL on it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import type { Executor } from "@tallyline/report-defs";
import { GENERATED_TABLES, generate, writeGenerated } from "@tallyline/synth";
import { type Param, Warehouse } from "@tallyline/warehouse";

/** The generated week (local days 2026-10-21..27 in Europe/Amsterdam). */
export const GEN = { seed: 11, days: 7, end: "2026-10-27", timezone: "Europe/Amsterdam", scale: 40 };
export const PERIOD = { from: "2026-10-21", to: "2026-10-27", timezone: "Europe/Amsterdam" };

/** Imports the generated tables into `wh`. */
export async function importGenerated(wh: Warehouse, dir: string, options = GEN): Promise<void> {
  const out = join(dir, "generated");
  await writeGenerated(out, generate(options));
  for (const t of GENERATED_TABLES) await importFile(wh, join(out, `${t}.csv`), { source: "canonical" });
}

/** A fresh warehouse in a temp folder, with generated data unless `empty`. */
export async function generatedDb(empty = false) {
  const dir = mkdtempSync(join(tmpdir(), "tl-narrative-"));
  const wh = await Warehouse.open(join(dir, "n.duckdb"));
  if (!empty) await importGenerated(wh, dir);
  const execute: Executor = (sql, params) => wh.query(sql, params as Param[]);
  return {
    wh,
    dir,
    execute,
    close: async () => {
      await wh.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
