/** Error codes raised by the warehouse. */
export type WarehouseErrorCode = "open_failed" | "query_failed" | "migration_failed" | "closed";

/** Every failure of the warehouse, with the DuckDB error as `cause`. */
export class WarehouseError extends Error {
  override readonly name = "WarehouseError";
  constructor(
    readonly code: WarehouseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
