/**
 * One report result as a table of typed columns and rows: what the CSV and XLSX exports write, and
 * what a PDF or a snapshot can print as a table. Pure: no I/O, no library.
 *
 * Layout per shape (docs/api.md "Exports" tells users the same):
 * - kpi: one row per bucket (`Date` + the value), then a `Total` row with the period's value, the
 *   previous period's value, the change, the change in percent, and where the result has them the
 *   mean/median/p90, the peak minute and the sample size;
 * - timeseries: one row per bucket, one column per series (a peak measure adds its peak minute),
 *   then a `Total` row with the series' totals (sums over buckets, empty for non-additive measures);
 * - ranking / distribution: one row per dimension value (its id as well as its label when the
 *   dimension is a column), value, share, previous value and change; then `Others (n)` and `Total`;
 * - table: one row per dimension value, every measure, then every measure of the previous period,
 *   then the sample size and its label, and the top/bottom mark; then a `Total` row;
 * - heatmap: 168 rows, weekday (Monday first) x local hour.
 */
import type { MeasureFormat, ReportDefinition } from "./definition";
import type {
  HeatmapResult,
  KpiResult,
  MeasureInfo,
  RankingResult,
  ReportResult,
  TableResult,
  TimeseriesResult,
} from "./result";

/**
 * The unit of a column's values:
 * - `count`: whole numbers of things; `seconds`: a duration in seconds; `percent`: 0-100;
 *   `score`: a number on the measure's own scale (e.g. CSAT 1-5); `per_minute`: a rate per minute;
 *   `integer`: a plain whole number that is not a count (an hour of the day);
 * - `text`: a label (possibly from imported data: untrusted);
 * - `date`: 'YYYY-MM-DD', a calendar day in the query's zone (a week is its Monday);
 *   `datetime`: 'YYYY-MM-DDTHH:MM', a wall-clock minute in the query's zone (an hour bucket is
 *   'YYYY-MM-DDTHH:00'; a peak minute in the repeated hour of an autumn change carries its offset,
 *   'YYYY-MM-DDTHH:MM+01:00'); `month`: 'YYYY-MM' in the query's zone.
 */
export type ColumnUnit =
  | "count"
  | "seconds"
  | "percent"
  | "score"
  | "per_minute"
  | "integer"
  | "text"
  | "date"
  | "datetime"
  | "month";

/** Units whose cells are numbers (or null). */
export const NUMERIC_UNITS: ReadonlySet<ColumnUnit> = new Set([
  "count",
  "seconds",
  "percent",
  "score",
  "per_minute",
  "integer",
]);

/** One column of an {@link ExportTable}. */
export interface ExportColumn {
  /** Stable machine id, e.g. `date`, `key`, `label`, `value`, `aht.previous`. */
  readonly id: string;
  /** Header without the unit: the registry's label ("AHT", "AHT (previous period)") or a fixed word ("Date"). */
  readonly name: string;
  readonly unit: ColumnUnit;
  /** The measure whose values (or previous values, change...) the column holds; its definition is in `measures`. */
  readonly measureId?: string;
  /** True for a change (value - previous): its values may be negative even when the measure's never are. */
  readonly signed?: boolean;
  /** True for a change of a percent measure: percentage points on the 0-100 scale, not a percent of anything. */
  readonly points?: boolean;
}

/** A cell: a number for numeric units, a string for text and dates, null for no value. */
export type Cell = string | number | null;

/** A report result as a table (see the module comment for the layout of each shape). */
export interface ExportTable {
  readonly reportId: string;
  readonly columns: readonly ExportColumn[];
  /** Rows of cells in column order; the `Total` / `Others` rows carry that word in the first column. */
  readonly rows: readonly (readonly Cell[])[];
  /** The measures the columns refer to, with their definition sentences. */
  readonly measures: readonly MeasureInfo[];
}

/** The unit of a measure's values. */
export function measureUnit(format: MeasureFormat): ColumnUnit {
  switch (format) {
    case "count":
      return "count";
    case "duration":
      return "seconds";
    case "percent":
      return "percent";
    case "rate_per_minute":
      return "per_minute";
    default:
      return "score";
  }
}

/**
 * The column of a measure's change (value - previous value), in the measure's unit and marked
 * `signed`; a change of a percent measure is in percentage points (`points`).
 */
function changeColumn(m: MeasureInfo, id = "change"): ExportColumn {
  return {
    id,
    name: `${m.label}, change`,
    unit: measureUnit(m.format),
    measureId: m.id,
    signed: true,
    ...(m.format === "percent" ? { points: true } : {}),
  };
}

/** A header with its unit, for files that carry numbers without formats (CSV): "AHT (s)", "Share (%)". */
export function headerWithUnit(c: ExportColumn): string {
  switch (c.unit) {
    case "seconds":
      return `${c.name} (s)`;
    case "percent":
      return c.points ? `${c.name} (pp)` : `${c.name} (%)`;
    case "per_minute":
      return `${c.name} (per min)`;
    default:
      return c.name;
  }
}

/** The bucket column of a result's grain. */
function bucketColumn(r: ReportResult): ExportColumn {
  const unit: ColumnUnit = r.grain === "hour" ? "datetime" : r.grain === "month" ? "month" : "date";
  const name =
    r.grain === "hour" ? "Hour" : r.grain === "week" ? "Week (Monday)" : r.grain === "month" ? "Month" : "Date";
  return { id: "date", name, unit };
}

/** The word of the totals row. */
export const TOTAL_LABEL = "Total";

/** Weekday names, 1 = Monday (heatmap cells count weekdays that way). */
export const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

function kpiTable(r: KpiResult): ExportTable {
  const m = r.measure;
  const unit = measureUnit(m.format);
  const columns: ExportColumn[] = [
    bucketColumn(r),
    { id: "value", name: m.label, unit, measureId: m.id },
    { id: "previous", name: `${m.label}, previous period`, unit, measureId: m.id },
    changeColumn(m),
    { id: "changePercent", name: `${m.label}, relative change`, unit: "percent", measureId: m.id, signed: true },
  ];
  const total: Cell[] = [TOTAL_LABEL, r.value, r.previousValue, r.change, r.changePercent];
  if (r.stats) {
    columns.push(
      { id: "median", name: `${m.label}, median`, unit, measureId: m.id },
      { id: "p90", name: `${m.label}, p90`, unit, measureId: m.id },
    );
    total.push(r.stats.median, r.stats.p90);
  }
  if (r.peakAt !== undefined) {
    columns.push({ id: "peakAt", name: `${m.label}, at`, unit: "datetime", measureId: m.id });
    total.push(r.peakAt);
  }
  if (r.sample) {
    columns.push(
      { id: "sample", name: "Sample size", unit: "count" },
      { id: "sampleLabel", name: "Sample", unit: "text" },
    );
    total.push(r.sample.size, r.sample.label);
  }
  const blanks = columns.length - 2;
  const rows: Cell[][] = r.breakdown.map((p) => [p.date, p.total, ...Array<Cell>(blanks).fill(null)]);
  rows.push(total);
  return { reportId: r.reportId, columns, rows, measures: [m] };
}

function timeseriesTable(r: TimeseriesResult): ExportTable {
  const columns: ExportColumn[] = [bucketColumn(r)];
  const measure = new Map(r.measures.map((m) => [m.id, m]));
  const getters: ((i: number) => Cell)[] = [];
  const totals: Cell[] = [TOTAL_LABEL];
  r.series.forEach((s, si) => {
    const m = measure.get(s.measureId);
    const unit = m ? measureUnit(m.format) : "score";
    columns.push({ id: `series.${si}`, name: s.label, unit, measureId: s.measureId });
    getters.push((i) => s.points[i]?.value ?? null);
    totals.push(s.total);
    if (s.points.some((p) => p.peakAt !== undefined)) {
      columns.push({ id: `series.${si}.peakAt`, name: `${s.label}, at`, unit: "datetime", measureId: s.measureId });
      getters.push((i) => s.points[i]?.peakAt ?? null);
      totals.push(null);
    }
  });
  const dates = r.series[0]?.points.map((p) => p.date) ?? [];
  const rows: Cell[][] = dates.map((date, i) => [date, ...getters.map((g) => g(i))]);
  if (r.series.length > 0) rows.push(totals);
  return { reportId: r.reportId, columns, rows, measures: r.measures };
}

/** A dimension whose rows are value ranges (a histogram) has no id worth a column. */
const hasKeyColumn = (def: ReportDefinition) => Boolean(def.dimension && !def.dimension.buckets);

function rankingTable(def: ReportDefinition, r: RankingResult): ExportTable {
  const m = r.measure;
  const unit = measureUnit(m.format);
  const withKey = hasKeyColumn(def);
  const columns: ExportColumn[] = [
    { id: "label", name: r.dimension, unit: "text" },
    ...(withKey ? [{ id: "key", name: `${r.dimension} id`, unit: "text" as const }] : []),
    { id: "value", name: m.label, unit, measureId: m.id },
    { id: "share", name: "Share", unit: "percent", measureId: m.id },
    { id: "previous", name: `${m.label}, previous period`, unit, measureId: m.id },
    changeColumn(m),
  ];
  const key = (k: string | null): Cell[] => (withKey ? [k] : []);
  const rows: Cell[][] = r.rows.map((row) => [
    row.label,
    ...key(row.key),
    row.value,
    row.share,
    row.previousValue,
    row.change,
  ]);
  if (r.others) rows.push([`Others (${r.others.count})`, ...key(null), r.others.value, r.others.share, null, null]);
  const change = r.total !== null && r.previousTotal !== null ? r.total - r.previousTotal : null;
  // The total's share is 100% where the rows have shares (counts and sums; not averages or rates).
  const totalShare = r.rows.some((row) => row.share !== null) || r.others?.share != null ? 100 : null;
  rows.push([TOTAL_LABEL, ...key(null), r.total, totalShare, r.previousTotal, change]);
  return { reportId: r.reportId, columns, rows, measures: [m] };
}

function tableTable(def: ReportDefinition, r: TableResult): ExportTable {
  const withKey = hasKeyColumn(def);
  const hasPrevious = r.previousFrom !== null;
  const hasSample = r.rows.some((row) => row.sample);
  const hasRank = r.rows.some((row) => row.rank !== undefined);
  const columns: ExportColumn[] = [
    { id: "label", name: r.dimension, unit: "text" },
    ...(withKey ? [{ id: "key", name: `${r.dimension} id`, unit: "text" as const }] : []),
    ...r.measures.map((m) => ({ id: m.id, name: m.label, unit: measureUnit(m.format), measureId: m.id })),
    ...(hasPrevious
      ? r.measures.map((m) => ({
          id: `${m.id}.previous`,
          name: `${m.label}, previous period`,
          unit: measureUnit(m.format),
          measureId: m.id,
        }))
      : []),
    ...(hasSample
      ? [
          { id: "sample", name: "Sample size", unit: "count" as const },
          { id: "sampleLabel", name: "Sample", unit: "text" as const },
        ]
      : []),
    ...(hasRank ? [{ id: "rank", name: "Rank", unit: "text" as const }] : []),
  ];
  const line = (
    label: string,
    key: string | null,
    values: Record<string, number | null>,
    previous: Record<string, number | null>,
    sample: TableResult["rows"][number]["sample"],
    rank: string | null | undefined,
  ): Cell[] => [
    label,
    ...(withKey ? [key] : []),
    ...r.measures.map((m) => values[m.id] ?? null),
    ...(hasPrevious ? r.measures.map((m) => previous[m.id] ?? null) : []),
    ...(hasSample ? [sample?.size ?? null, sample?.label ?? null] : []),
    ...(hasRank ? [rank ?? null] : []),
  ];
  const rows = r.rows.map((row) => line(row.label, row.key, row.values, row.previous, row.sample, row.rank));
  rows.push(line(TOTAL_LABEL, null, r.totals.values, r.totals.previous, undefined, null));
  return { reportId: r.reportId, columns, rows, measures: r.measures };
}

function heatmapTable(r: HeatmapResult): ExportTable {
  const m = r.measure;
  const columns: ExportColumn[] = [
    { id: "weekday", name: "Weekday", unit: "text" },
    { id: "hour", name: "Hour", unit: "integer" },
    { id: "value", name: m.label, unit: measureUnit(m.format), measureId: m.id },
  ];
  const rows: Cell[][] = r.cells.map((c) => [WEEKDAY_NAMES[c.weekday - 1] ?? String(c.weekday), c.hour, c.value]);
  return { reportId: r.reportId, columns, rows, measures: [m] };
}

/**
 * Turns one report result into an {@link ExportTable} (layout per shape in the module comment).
 * `def` is the result's definition (from the registry): it says whether rows have an id column.
 * Values keep the result's units: seconds for durations, percent on 0-100 (shares, change in percent,
 * percent measures; a change of a percent measure is in percentage points).
 * @throws Error when `result.reportId` is not `def.id`.
 */
export function resultTable(def: ReportDefinition, result: ReportResult): ExportTable {
  if (result.reportId !== def.id)
    throw new Error(`Result of ${result.reportId} given with the definition of ${def.id}`);
  if ("breakdown" in result) return kpiTable(result);
  if ("series" in result) return timeseriesTable(result);
  if ("cells" in result) return heatmapTable(result);
  if ("totals" in result) return tableTable(def, result);
  return rankingTable(def, result);
}
