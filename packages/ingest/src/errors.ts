/**
 * One problem with one value of an input file. `line` is 1-based and counts physical lines of the
 * file (the header is line 1); `column` is the header name when known, else "column N".
 */
export interface RowIssue {
  readonly file: string;
  readonly line: number;
  readonly column: string;
  readonly value: string;
  readonly reason: string;
}

/** Formats an issue as `file:line: column "name" value "x": reason`. */
export function formatIssue(i: RowIssue): string {
  const value = i.value.length > 60 ? `${i.value.slice(0, 57)}...` : i.value;
  return `${i.file}:${i.line}: column "${i.column}", value "${value}": ${i.reason}`;
}

/** Error codes of a rejected import. */
export type IngestErrorCode = "unreadable" | "unknown_format" | "bad_header" | "bad_rows" | "empty";

/**
 * A rejected import: nothing was written. `issues` lists every problem found (at most
 * {@link MAX_ISSUES}); the message names the first ones with file, line, column and value.
 */
export class IngestError extends Error {
  override readonly name = "IngestError";
  constructor(
    readonly code: IngestErrorCode,
    readonly file: string,
    readonly issues: readonly RowIssue[],
    message?: string,
    options?: { cause?: unknown },
  ) {
    super(message ?? IngestError.summarise(file, issues), options);
  }

  static summarise(file: string, issues: readonly RowIssue[]): string {
    const head = issues.slice(0, 5).map((i) => `  ${formatIssue(i)}`);
    const more = issues.length > 5 ? [`  ... and ${issues.length - 5} more`] : [];
    return [`Rejected ${file}: ${issues.length} problem(s); nothing was imported.`, ...head, ...more].join("\n");
  }
}

/** An import stops collecting issues after this many and rejects the file. */
export const MAX_ISSUES = 100;

/**
 * At most this many warnings are kept per import (in its summary and in `imports.warnings`); the
 * rest are counted. A warning is a value that was not used as written, its row kept: unreadable in a
 * field no report needs or that is derived otherwise, or clamped (docs/ingest.md lists them).
 */
export const MAX_WARNINGS = 100;

/** The warnings of one import: the first {@link MAX_WARNINGS} in file order, and how many there were. */
export interface Warnings {
  /** Every warning found, also those not kept. */
  readonly total: number;
  /** The first {@link MAX_WARNINGS} (file, line, column, value and what was done instead). */
  readonly first: readonly RowIssue[];
}

/** No warnings. */
export const NO_WARNINGS: Warnings = { total: 0, first: [] };

/**
 * Collects warnings while a file is read, keeping the first {@link MAX_WARNINGS} and counting the
 * rest, so that a file with a warning on each of its millions of rows does not fill memory.
 */
export class WarningList implements Warnings {
  readonly first: RowIssue[] = [];
  total = 0;

  add(...warnings: readonly RowIssue[]): void {
    for (const w of warnings) {
      this.total++;
      if (this.first.length < MAX_WARNINGS) this.first.push(w);
    }
  }

  /** Adds another list's warnings (those it kept, and the count of those it did not). */
  merge(other: Warnings): void {
    this.add(...other.first);
    this.total += other.total - other.first.length;
  }
}
