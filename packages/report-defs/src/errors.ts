/** Error codes of report-defs: a bad registry (a bug) or a bad query (the caller's input). */
export type ReportErrorCode = "invalid_definition" | "unknown_report" | "invalid_query";

/** Raised by the registry and the compiler; `path` names the offending field. */
export class ReportError extends Error {
  override readonly name = "ReportError";
  constructor(
    readonly code: ReportErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}
