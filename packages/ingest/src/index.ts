export type { CanonicalRows, DelimitedAdapter, MapContext, MapResult } from "./adapter";
export { adapterById, adapters } from "./adapters/index";
export { type DelimitedFile, parseDelimited, type Record as DelimitedRecord } from "./delimited";
export { type DemoOptions, generateDemoCalls, loadDemoCalls } from "./demo";
export { formatIssue, IngestError, type IngestErrorCode, MAX_ISSUES, type RowIssue } from "./errors";
export { type ImportOptions, type ImportSummary, type ImportWrite, importFile, RowSet, writeImport } from "./import";
