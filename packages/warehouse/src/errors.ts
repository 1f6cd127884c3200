/**
 * Error codes raised by the warehouse. A read pool (pool.ts) adds: 'busy' (its queue is full, or a
 * read waited for a connection past its time limit), 'timeout' (a statement ran past its time limit
 * and was interrupted), 'cancelled' (the caller's signal aborted it).
 */
export type WarehouseErrorCode =
  | "open_failed"
  | "query_failed"
  | "migration_failed"
  | "closed"
  | "busy"
  | "timeout"
  | "cancelled"
  /** An export asked for a table that is not exported, or a bad range (exports.ts). */
  | "invalid_export";

/** Every failure of the warehouse, with the DuckDB error as `cause`. */
export class WarehouseError extends Error {
  override readonly name = "WarehouseError";
  /** With 'busy': seconds after which a retry may find room (a hint for `Retry-After`). */
  readonly retryAfterSecs: number | undefined;
  constructor(
    readonly code: WarehouseErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterSecs?: number },
  ) {
    super(message, options);
    this.retryAfterSecs = options?.retryAfterSecs;
  }
}
