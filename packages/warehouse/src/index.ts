export { WarehouseError, type WarehouseErrorCode } from "./errors";
export { type Migration, migrations } from "./migrations";
export * from "./schema";
export { type Cell, type Row, toCell } from "./values";
export { type OpenOptions, type Param, type Transaction, Warehouse } from "./warehouse";
