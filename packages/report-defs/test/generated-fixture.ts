/**
 * A warehouse built from generated data (packages/synth), as generated.truth.test.ts builds it: a
 * week across the end of summer time in Europe/Amsterdam written to files and imported through the
 * canonical adapter, so derived tables and summaries are filled as a real import fills them. One per
 * test file (beforeAll), closed with `close()`.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importFile } from "@tallyline/ingest";
import { GENERATED_TABLES, type GroundTruth, generate, writeGenerated } from "@tallyline/synth";
import { Warehouse } from "@tallyline/warehouse";

export const GENERATED = { seed: 11, days: 7, end: "2026-10-27", timezone: "Europe/Amsterdam", scale: 80 };

export async function generatedWarehouse() {
  const dir = mkdtempSync(join(tmpdir(), "tl-generated-"));
  const out = join(dir, "out");
  await writeGenerated(out, generate(GENERATED));
  const truth = JSON.parse(readFileSync(join(out, "ground-truth.json"), "utf8")) as GroundTruth;
  const wh = await Warehouse.open(join(dir, "generated.duckdb"));
  for (const t of GENERATED_TABLES) await importFile(wh, join(out, `${t}.csv`), { source: "canonical" });
  return {
    wh,
    truth,
    close: async () => {
      await wh.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
