import { createHash, randomUUID } from "node:crypto";
import { type ImportSummary, writeImport } from "@tallyline/ingest";
import type { Warehouse } from "@tallyline/warehouse";
import { type GenerateOptions, generate } from "./generator";
import { canonicalRows } from "./rows";

/** Options of {@link loadDemo}: those of the generator (./generate/generator.ts) but the source, which is 'demo'. */
export type DemoOptions = Omit<GenerateOptions, "source">;

/**
 * Generates the demo data (by default 90 days ending today in Europe/Amsterdam time, 300 calls and
 * 300 conversations on an average weekday: every canonical table but `imports`, about 320,000
 * rows) and writes it as one import, source 'demo', in one transaction. The same options (with the
 * last day filled in) give the same data, so loading them again changes nothing ('unchanged').
 */
export async function loadDemo(wh: Warehouse, options: DemoOptions = {}): Promise<ImportSummary> {
  const started = Date.now();
  const g = generate({ ...options, source: "demo" });
  const importId = randomUUID();
  const sha256 = createHash("sha256")
    .update(`demo:${JSON.stringify(g.options)}`)
    .digest("hex");
  return writeImport(wh, {
    importId,
    file: "built-in demo data",
    source: "demo",
    sha256,
    rows: canonicalRows(g.world, "demo", importId),
    started,
  });
}
