export { bucketLabel, bucketsOf, mondayOf } from "./buckets";
export { catalogueMarkdown } from "./catalogue";
export { type CompiledQuery, compile, type SqlParam, sqlTimestamp } from "./compile";
export * from "./definition";
export { builtinDefinitions } from "./defs/index";
export { type Dialect, duckdb } from "./dialect";
export { ReportError, type ReportErrorCode } from "./errors";
export { formatChange, formatChangePercent, formatValue, MISSING } from "./format";
export { Lru, type LruBounds, stringBytes } from "./lru";
export { type Grain, type Period, parseQuery, ReportQuery, type ReportQueryInput, resolvePeriod } from "./query";
export { canonicalTimeZone, queryKey } from "./querykey";
export { createRegistry, defaultRegistry, type Registry } from "./registry";
export * from "./result";
export {
  type Executor,
  PLAN_CACHE,
  type Plan,
  planCacheStats,
  planReport,
  type RunOptions,
  runReport,
  shapeResult,
} from "./run";
