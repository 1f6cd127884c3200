/**
 * `tallyline report run ... --format csv|json|xlsx [--out FILE] [--bom]`: one report result written
 * as an export file (exports/exports.ts, the same writers as the API's export route). Without
 * `--out`, CSV and JSON go to stdout; XLSX (binary) goes to stdout only when it is not a terminal.
 */
import { writeFile } from "node:fs/promises";
import { type ExportFormat, type ExportInput, writeExport } from "../exports/exports";
import { CliUsageError } from "./usage";

/** Options of {@link writeReportExport}. */
export interface CliExportOptions {
  /** File to write; stdout when absent. */
  readonly out?: string;
  /** CSV only: start with a UTF-8 BOM (for Excel). */
  readonly bom?: boolean;
  /** Where stdout goes (default process.stdout). */
  readonly stdout?: NodeJS.WriteStream;
}

/** Thrown when the output cannot go where it was asked (XLSX to a terminal); defined in ./usage (no imports, for main.ts). */
export { CliUsageError };

/**
 * Writes `input` in `format` to `--out` (replacing the file) or to stdout; returns the path written
 * or 'stdout'. Throws {@link CliUsageError} for XLSX to a terminal (before anything is computed by
 * the caller: call {@link checkExportTarget} first) and the file system's error for a bad path.
 */
export async function writeReportExport(
  format: ExportFormat,
  input: ExportInput,
  options: CliExportOptions = {},
): Promise<string> {
  const file = await writeExport(format, input, { bom: options.bom ?? false });
  if (options.out) {
    await writeFile(options.out, file.body);
    return options.out;
  }
  const stdout = options.stdout ?? process.stdout;
  await new Promise<void>((resolve, reject) =>
    stdout.write(typeof file.body === "string" ? file.body : Buffer.from(file.body), (e) =>
      e ? reject(e) : resolve(),
    ),
  );
  return "stdout";
}

/** Refuses XLSX to a terminal (binary on a screen), before the report runs. */
export function checkExportTarget(format: ExportFormat, options: CliExportOptions = {}): void {
  const stdout = options.stdout ?? process.stdout;
  if (format === "xlsx" && !options.out && stdout.isTTY)
    throw new CliUsageError("--format xlsx writes a binary file: give --out FILE (or redirect stdout to a file)");
}
