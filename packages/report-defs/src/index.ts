export { type CompiledQuery, compileKpi, type SqlParam, sqlTimestamp } from "./compile";
export * from "./definition";
export { builtinDefinitions } from "./defs/index";
export { type Dialect, duckdb } from "./dialect";
export { ReportError, type ReportErrorCode } from "./errors";
export { type Period, parseQuery, ReportQuery, type ReportQueryInput, resolvePeriod } from "./query";
export { createRegistry, defaultRegistry, type Registry } from "./registry";
export * from "./result";
export { type Executor, planReport, type RunOptions, runReport } from "./run";
