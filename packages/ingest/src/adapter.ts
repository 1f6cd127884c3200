import type { CanonicalRow, CanonicalTableName } from "@tallyline/warehouse";
import type { Record as DelimitedRecord } from "./delimited";
import type { RowIssue } from "./errors";

/** Canonical rows by table, as an adapter produces them. */
export type CanonicalRows = Partial<Record<CanonicalTableName, CanonicalRow[]>>;

/** What an adapter knows while mapping one file. */
export interface MapContext {
  /** File name as shown in errors. */
  readonly file: string;
  /** IANA zone in which timestamps without an offset are read. */
  readonly timezone: string;
  /** Id of the import writing the rows. */
  readonly importId: string;
}

/** The result of mapping one record: rows to write, or the issues that reject it. */
export type MapResult = { readonly issues: readonly RowIssue[] } | { readonly rows: CanonicalRows };

/**
 * A source adapter for one delimited export format: header detection and the mapping of each record
 * into canonical rows. Adapters never write to the database; the import transaction does.
 */
export interface DelimitedAdapter {
  /** Stable id, written to every row's `source`. */
  readonly id: string;
  readonly description: string;
  readonly delimiter: string;
  /** Columns the header must contain (in any order). */
  readonly requiredColumns: readonly string[];
  /** Maps one record; called once per data record in file order. */
  mapRecord(record: DelimitedRecord, ctx: MapContext): MapResult;
  /** Rows that depend on the whole file (e.g. its campaign, its distinct agents). */
  fileRows?(ctx: MapContext): CanonicalRows;
}
