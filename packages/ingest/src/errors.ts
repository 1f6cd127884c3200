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
