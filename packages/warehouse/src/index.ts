export { APP_TABLE_PREFIX, type AppTableName, appTables } from "./app-schema";
export { deleteRows, deriveColumns, noteChangedRows, rebuildDerived, refreshDerived } from "./derive";
export { WarehouseError, type WarehouseErrorCode } from "./errors";
export { type CanonicalRow, keyList, sameKey, upsertRows } from "./load";
export { type Migration, migrations } from "./migrations";
export { type ReadOptions, ReadPool, type ReadPoolOptions, type ReadPoolStats, type ReadResult } from "./pool";
export * from "./schema";
export { type Cell, type Row, rowsOf, toCell } from "./values";
export { type AttachedOwner, type OpenOptions, type Param, type Transaction, Warehouse } from "./warehouse";
