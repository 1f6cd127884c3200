/**
 * What the eight Conversation24 adapters share: a record reader that collects one RowIssue per bad
 * field (file, physical line, column, value, reason), the factory that turns an export's column
 * list and mapping into a {@link DelimitedAdapter} (comma-separated, RFC 4180 quoting, detected by
 * its header), and the campaign row every export with `chatcampaign_id` writes.
 */
import type { CanonicalRow } from "@tallyline/warehouse";
import type { CanonicalRows, DelimitedAdapter, MapContext, MapResult } from "../../adapter";
import type { Record as DelimitedRecord } from "../../delimited";
import type { RowIssue } from "../../errors";
import { reference } from "../../rowset";
import { type Field, ID_PREFIX } from "./parse";

/**
 * One record of a Conversation24 export being read. `req` and `opt` parse a field or record an
 * issue and return the field's `invalid` placeholder; a mapping reads every field first, then builds
 * its rows, and the factory drops those rows when any issue was recorded.
 */
export class C24Record {
  readonly issues: RowIssue[] = [];
  /** Values of fields no report reads that could not be read: left empty, the record kept. */
  readonly warnings: RowIssue[] = [];
  constructor(
    private readonly rec: DelimitedRecord,
    private readonly ctx: MapContext,
    private readonly source: string,
  ) {}

  /** `source` and `import_id`, written to every row. */
  get provenance(): { source: string; import_id: string } {
    return { source: this.source, import_id: this.ctx.importId };
  }

  /** The field's text, trimmed ('' when empty). */
  raw(column: string): string {
    return (this.rec.values[column] ?? "").trim();
  }

  /** Records an issue on `column` (with its current text) unless `ok`. */
  check(column: string, ok: boolean, reason: string): void {
    if (!ok) this.issues.push({ file: this.ctx.file, line: this.rec.line, column, value: this.raw(column), reason });
  }

  /** A required field: an empty or unreadable one is an issue. */
  req<T>(column: string, field: Field<T>): T {
    const value = this.opt(column, field);
    if (value !== null) return value;
    this.check(column, false, "is empty");
    return field.invalid;
  }

  /** An optional field: empty is null; an unreadable one is an issue. */
  opt<T>(column: string, field: Field<T>): T | null {
    const raw = this.raw(column);
    if (raw === "") return null;
    const parsed = field.parse(raw, this.ctx.timezone);
    if ("value" in parsed) return parsed.value;
    this.check(column, false, parsed.reason);
    return field.invalid;
  }

  /**
   * An optional field that no report reads: empty is null, and so is an unreadable one, with a
   * warning (the record is kept). A negative number is still refused: it cannot be true.
   */
  soft<T>(column: string, field: Field<T>): T | null {
    const raw = this.raw(column);
    if (raw === "") return null;
    const parsed = field.parse(raw, this.ctx.timezone);
    if ("value" in parsed) return parsed.value;
    if (NEGATIVE.test(raw)) {
      this.check(column, false, "is negative: a count, duration or length is 0 or more");
      return field.invalid;
    }
    this.warnings.push({
      file: this.ctx.file,
      line: this.rec.line,
      column,
      value: raw,
      reason: `${parsed.reason}: left empty (no report reads it; the record is kept)`,
    });
    return null;
  }
}

/** A negative number, as `soft` refuses it. */
const NEGATIVE = /^-\d+(\.\d+)?$/;

/** One Conversation24 export: its adapter id, the seed's column names, and how one record maps. */
export interface C24Export {
  readonly id: string;
  readonly description: string;
  /** Header names exactly as seed 003 lists them (the file may have more columns, in any order). */
  readonly columns: readonly string[];
  /**
   * The columns the header must have: those whose value each record needs (docs/ingest.md
   * "Required"). The others may be missing from an export (read as empty, with a warning).
   */
  readonly required: readonly string[];
  /** Reads the record's fields with `r.req` / `r.opt` and returns its canonical rows. */
  map(r: C24Record): CanonicalRows;
}

/**
 * The DelimitedAdapter of a Conversation24 export: comma-separated, detected by the seed's header;
 * the columns `required` must be in the header, the others may be missing (NULL, with a warning).
 */
export function c24Adapter(spec: C24Export): DelimitedAdapter {
  return {
    id: spec.id,
    description: spec.description,
    delimiter: ",",
    requiredColumns: spec.columns,
    optionalColumns: spec.columns.filter((c) => !spec.required.includes(c)),
    mapRecord(rec: DelimitedRecord, ctx: MapContext): MapResult {
      const r = new C24Record(rec, ctx, spec.id);
      const rows = spec.map(r);
      return r.issues.length > 0 ? { issues: r.issues } : { rows, warnings: r.warnings };
    },
  };
}

/**
 * The `campaigns` row of a chat campaign: named `name` when the export carries one (Agent
 * performance's chatcampaign_name), else by its source id as a reference row that never renames a
 * campaign already named. `account_id` stays NULL: seed 003's
 * `account_id` columns name the account of the visitor's website on each row, not the campaign's owner.
 */
export function campaignRow(r: C24Record, campaignId: string, name: string | null = null): CanonicalRow {
  const row: CanonicalRow = {
    campaign_id: campaignId,
    ...r.provenance,
    name: name ?? campaignId.slice(ID_PREFIX.length),
    channel: "chat",
    account_id: null,
  };
  // Without a name the row only makes sure the campaign exists: it never renames a named one.
  return name === null ? reference(row) : row;
}

/** `at` plus `seconds`, or null when either is unknown. */
export function plusSeconds(at: Date, seconds: number | null): Date | null {
  return seconds === null ? null : new Date(at.getTime() + seconds * 1000);
}
