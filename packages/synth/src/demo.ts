import { createHash, randomUUID } from "node:crypto";
import { DEMO_SOURCE, databaseContents, type ImportSummary, writeImport } from "@tallyline/ingest";
import type { Warehouse } from "@tallyline/warehouse";
import { type GenerateOptions, generate } from "./generator";
import { canonicalRows } from "./rows";

/** Options of {@link loadDemo}: those of the generator (./generator.ts) but the source, which is 'demo'. */
export type DemoOptions = Omit<GenerateOptions, "source">;

/** {@link loadDemo} refused: the database holds data of the user's own. */
export class DemoRefusedError extends Error {
  override readonly name = "DemoRefusedError";
}

/**
 * Generates the demo data (by default 90 days ending today in Europe/Amsterdam time, 300 calls and
 * 300 conversations on an average weekday: every canonical table but `imports`, about 320,000
 * rows) and writes it as one import, source 'demo', in one transaction, replacing an older demo
 * import (import.ts `writeImport`): the database never holds more than one. The same options (with
 * the last day filled in) give the same data, so loading them again changes nothing ('unchanged').
 * The summary's span has days in the generator's zone.
 *
 * Demo data never mixes with the user's own (docs/ingest.md "Demo data"): throws
 * {@link DemoRefusedError} when a written table holds a row of an import that is not the demo.
 */
export async function loadDemo(wh: Warehouse, options: DemoOptions = {}): Promise<ImportSummary> {
  const started = Date.now();
  if ((await databaseContents(wh)).ownRows) {
    throw new DemoRefusedError(
      "The database holds data of your own, and demo data is only loaded into a database without any: use another file (--db).",
    );
  }
  const g = generate({ ...options, source: DEMO_SOURCE });
  const importId = randomUUID();
  const sha256 = createHash("sha256")
    .update(`demo:${JSON.stringify(g.options)}`)
    .digest("hex");
  return writeImport(wh, {
    importId,
    file: "built-in demo data",
    source: DEMO_SOURCE,
    sha256,
    rows: canonicalRows(g.world, DEMO_SOURCE, importId),
    started,
    reportTimezone: g.options.timezone,
  });
}
