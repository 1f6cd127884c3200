export type {
  CanonicalRows,
  DelimitedAdapter,
  Detection,
  MapContext,
  MapResult,
  Probe,
  ReadResult,
  SourceAdapter,
  SourceFile,
} from "./adapter";
export { c24Adapters } from "./adapters/c24/index";
export { adapterById, adapters } from "./adapters/index";
export { type DelimitedFile, parseDelimited, type Record as DelimitedRecord } from "./delimited";
export { badHeader, delimitedSource } from "./delimitedSource";
export { type Choice, chooseAdapter, SHIPPED_MAPPINGS } from "./detect";
export {
  formatIssue,
  IngestError,
  type IngestErrorCode,
  MAX_ISSUES,
  MAX_WARNINGS,
  NO_WARNINGS,
  type RowIssue,
  WarningList,
  type Warnings,
} from "./errors";
export {
  C24_EXPORT_FILES,
  C24ExportError,
  type C24ExportFile,
  type C24ExportOptions,
  c24ExportText,
  c24FileName,
  writeC24Exports,
} from "./export/c24";
export {
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
  type ImportWrite,
  importFile,
  writeImport,
} from "./import";
export {
  DEMO_SOURCE,
  databaseContents,
  demoImportIds,
  type RemovedImports,
  removeDemo,
  removeImports,
  WRITTEN_TABLES,
} from "./remove";
export { isReference, REFERENCE, RowSet, reference } from "./rowset";
export { type DataSpan, dataSpan, FACT_TIME_COLUMNS, type FactTable } from "./span";
export { decodeText, firstLine, requireText, type TextEncoding } from "./text";
