/**
 * Writes a generation to a folder: the canonical files (`<table>.csv` for every canonical table but
 * `imports`, exactly the columns of packages/warehouse/src/schema.ts in that order; instants as UTC
 * 'YYYY-MM-DD HH:MM:SS', booleans true/false, NULL empty), the eight Conversation24 exports under
 * `c24/` (./c24.ts), and `ground-truth.json` (./truth.ts).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CanonicalRows } from "@tallyline/ingest";
import { type CanonicalRow, type CanonicalTableName, canonicalTables, isWrittenTable } from "@tallyline/warehouse";
import { c24Exports } from "./c24";
import { csvText } from "./csv";
import type { Generated } from "./generator";
import { canonicalRows } from "./rows";
import { type GroundTruth, groundTruth } from "./truth";

/** What {@link writeGenerated} wrote: the files' paths (canonical, then c24, then the truth) and the ground truth. */
export interface Written {
  readonly files: readonly string[];
  readonly truth: GroundTruth;
}

/** Canonical tables the generator writes: all but `imports`, the import pipeline's own log. */
export const GENERATED_TABLES = (Object.keys(canonicalTables) as CanonicalTableName[]).filter(isWrittenTable);

/** 'YYYY-MM-DD HH:MM:SS' of a UTC instant. */
const utc = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");

function cell(v: CanonicalRow[string]): string | number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return utc(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number" || typeof v === "string") return v;
  return JSON.stringify(v);
}

/** The canonical CSV text of `table` from `rows` (header only when there are none). */
function canonicalCsv(table: CanonicalTableName, rows: CanonicalRows): string {
  const columns = Object.keys(canonicalTables[table].columns);
  return csvText(
    columns,
    (rows[table] ?? []).map((r) => columns.map((c) => cell(r[c]))),
  );
}

/**
 * Writes `g` into `dir` (created if needed; files of the same names are replaced). The same
 * generation always gives byte-identical files. Throws the file system's error when a file cannot
 * be written.
 */
export async function writeGenerated(dir: string, g: Generated): Promise<Written> {
  const rows = canonicalRows(g.world, g.options.source);
  const exports = c24Exports(g.world, g.calendar);
  const truth = groundTruth(g, rows, exports);
  await mkdir(join(dir, "c24"), { recursive: true });
  const files: string[] = [];
  const write = async (path: string, text: string) => {
    await writeFile(path, text);
    files.push(path);
  };
  for (const table of GENERATED_TABLES) await write(join(dir, `${table}.csv`), canonicalCsv(table, rows));
  for (const f of exports) {
    await write(
      join(dir, "c24", f.name),
      csvText(
        f.columns,
        f.records.map((r) => f.columns.map((c) => r[c])),
      ),
    );
  }
  await write(join(dir, "ground-truth.json"), `${JSON.stringify(truth, null, 2)}\n`);
  return { files, truth };
}
