export { bucketLabel, bucketsOf, mondayOf } from "./buckets";
export { catalogueMarkdown } from "./catalogue";
export { type CompiledQuery, compile, type SqlParam, sqlTimestamp } from "./compile";
export * from "./definition";
export { builtinDefinitions } from "./defs/index";
export { type Dialect, duckdb } from "./dialect";
export { ReportError, type ReportErrorCode } from "./errors";
export {
  appliesTo,
  CALL_OUTCOMES,
  type CallOutcome,
  FILTER_NAMES,
  FILTER_TARGETS,
  filterPredicate,
  filtersFor,
  MAX_FILTER_VALUE_LENGTH,
  MAX_FILTER_VALUES,
  QueryFilters,
} from "./filters";
export { formatChange, formatChangePercent, formatValue, MISSING } from "./format";
export { bucketCount, checkResultSize, MAX_POINTS, MAX_SERIES } from "./limits";
export {
  computeLive,
  FRESHNESS_SQL,
  freshnessLine,
  LIVE_DEFINITION,
  LIVE_SQL,
  type LiveCounts,
  type LiveReader,
  type LiveRow,
  type LiveScope,
  type LiveView,
  NO_TEAM,
  scopeLive,
  sumCounts,
  timeAgo,
  utcStamp,
} from "./live";
export { Lru, type LruBounds, stringBytes } from "./lru";
export {
  type Grain,
  MAX_HOURLY_DAYS,
  type Period,
  parseQuery,
  ReportQuery,
  type ReportQueryInput,
  resolvePeriod,
} from "./query";
export { canonicalTimeZone, queryKey } from "./querykey";
export {
  AssignmentRecord,
  CallRecord,
  CheckResultRecord,
  type CompiledRecords,
  ConversationRecord,
  compileRecords,
  DEFAULT_PAGE_SIZE,
  decodeCursor,
  dimensionFilterOf,
  encodeCursor,
  MAX_PAGE_SIZE,
  type MeasureRecords,
  planRecords,
  RECORD_KINDS,
  RecordKind,
  RecordSelector,
  type RecordsCursor,
  type RecordsOptions,
  RecordsPage,
  type RecordsPlan,
  RecordsRequest,
  recordsOf,
  shapeRecords,
} from "./records";
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
  summaryServes,
} from "./run";
export { compileScopeRows, MAX_SCOPE_ROWS, type ScopeRowsOptions } from "./scopeRows";
export { applySegment, parseSegmentFilters, type SegmentFilters, segmentProblems } from "./segments";
export * from "./table";
export { checkUntrusted, MAX_DEPTH, MAX_VALUES } from "./untrusted";
