import { type ColumnType, canonicalTables, columnSpec, isCanonicalTable } from "@tallyline/warehouse/schema";
import {
  type Aggregate,
  type DerivedFact,
  type Fact,
  type MeasureDefinition,
  type Predicate,
  ReportDefinition,
  type Summary,
  type ValueExpr,
} from "./definition";
import { builtinDefinitions } from "./defs/index";
import { ReportError } from "./errors";
import { appliesTo } from "./filters";
import { usesFirstSeen } from "./sql";

/** A validated, read-only set of report definitions, looked up by id. */
export interface Registry {
  /** Every definition in catalogue order. */
  list(): readonly ReportDefinition[];
  /** The definition `id`; throws {@link ReportError} 'unknown_report'. */
  get(id: string): ReportDefinition;
  has(id: string): boolean;
}

type Fail = (path: string, msg: string) => never;
type Columns = ReadonlyMap<string, ColumnType>;

/** A fact as the checks see it: the columns its rows have and its table (which says what filters apply: filters.ts). */
interface FactScope {
  readonly columns: Columns;
  readonly table: string;
}

/** The report's own fact and its other `facts` by name, for aggregates that name one. */
interface Scope extends FactScope {
  readonly others: ReadonlyMap<string, FactScope>;
}

/**
 * Validates `definitions` and returns the registry. Fails fast on the first problem with a
 * {@link ReportError} 'invalid_definition' whose message names the definition and the path of the
 * bad field, e.g. `definitions[4] (calls.asa) measures.0.aggregate.value.column: unknown column "wait" in calls`.
 * Checks: the zod contract, unique ids, each fact's table (canonical, derived, or intervals of a
 * canonical table) and TIMESTAMP time column, every referenced column (numeric where a number is
 * needed, TIMESTAMP for durations) in the fact each aggregate reads, the shape's needs (a kpi has
 * one measure; rankings, distributions and tables a dimension; peaks only alone; intervals, other
 * facts and time averages only in a timeseries, the last two without a dimension), and that every
 * allowed filter applies to every fact (filters.ts).
 */
export function createRegistry(definitions: readonly unknown[]): Registry {
  const byId = new Map<string, ReportDefinition>();
  definitions.forEach((raw, i) => {
    const label = `definitions[${i}]${typeof raw === "object" && raw && "id" in raw ? ` (${String(raw.id)})` : ""}`;
    const parsed = ReportDefinition.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.join(".") ?? "";
      throw new ReportError("invalid_definition", `${label} ${path}: ${issue?.message}`, path);
    }
    const def = parsed.data;
    const fail: Fail = (path, msg) => {
      throw new ReportError("invalid_definition", `${label} ${path}: ${msg}`, path);
    };
    if (byId.has(def.id)) fail("id", `duplicate report id "${def.id}"`);
    checkDefinition(def, fail);
    if (def.summary) {
      const alt = summaryDefinition(def, def.summary);
      checkDefinition(alt, (path, msg) => fail(`summary.${path}`, msg));
      const same = (m: MeasureDefinition) => [m.id, m.label, m.format, m.goodDirection, m.definition].join("\u0000");
      if (alt.measures.map(same).join() !== def.measures.map(same).join()) {
        fail("summary.measures", "must have the report's measures (ids, labels, formats, definitions) in its order");
      }
      if (Boolean(def.sample) !== Boolean(def.summary.sample))
        fail("summary.sample", "must be set exactly when the report has a sample");
      def.summary.filters?.forEach((f, j) => {
        if (!def.filters.includes(f)) fail(`summary.filters.${j}`, `filter "${f}" is not one of the report's filters`);
      });
    }
    byId.set(def.id, def);
  });
  const list = [...byId.values()];
  return {
    list: () => list,
    has: (id) => byId.has(id),
    get(id) {
      const def = byId.get(id);
      if (!def) throw new ReportError("unknown_report", `No report with id "${id}"`, "reportId");
      return def;
    },
  };
}

/**
 * The report as read from its summary table: the summary's table, time column, measures, dimension
 * and sample in place of the report's, and the summary's filters (none by default: a summary then
 * serves unfiltered queries only).
 */
export function summaryDefinition(def: ReportDefinition, summary: Summary): ReportDefinition {
  const { summary: _, derived: __, intervals: ___, facts: ____, dimension, sample, ...rest } = def;
  return {
    ...rest,
    table: summary.table,
    timeColumn: summary.timeColumn,
    measures: summary.measures,
    filters: summary.filters ?? [],
    ...(summary.dimension ? { dimension: summary.dimension } : dimension ? { dimension } : {}),
    ...(summary.sample ? { sample: summary.sample } : sample ? { sample } : {}),
  };
}

/** Checks one definition against the canonical model (tables, columns, types, filters); `fail` throws. */
function checkDefinition(def: ReportDefinition, fail: Fail): void {
  const own = factScope(def, "", fail);
  const cols = own.columns;
  const others = new Map(
    Object.entries(def.facts ?? {}).map(([name, f]) => [name, factScope(f, `facts.${name}.`, fail)]),
  );
  const scope: Scope = { ...own, others };
  checkShape(def, fail);
  def.measures.forEach((m, j) => {
    checkAggregate(m.aggregate, scope, `measures.${j}.aggregate`, fail, true);
  });
  if (def.sample) checkAggregate(def.sample, scope, "sample", fail, false);
  if (def.highlight && !def.measures.some((m) => m.id === def.highlight?.measure)) {
    fail("highlight.measure", `no measure "${def.highlight.measure}" in this report`);
  }
  for (const name of referencedParameters(def)) {
    if (!def.parameters?.[name]) fail("parameters", `parameter "${name}" is used but not declared`);
  }
  const dim = def.dimension;
  if (dim?.column && !cols.has(dim.column)) fail("dimension.column", `unknown column "${dim.column}" in ${def.table}`);
  if (dim?.buckets) checkValue(dim.buckets.value, cols, def.table, "dimension.buckets.value", fail);
  if (dim?.labelFrom) {
    const l = dim.labelFrom;
    if (!columnSpec(l.table, l.key)) fail("dimension.labelFrom.key", `unknown column "${l.key}" in ${l.table}`);
    if (!columnSpec(l.table, l.column))
      fail("dimension.labelFrom.column", `unknown column "${l.column}" in ${l.table}`);
  }
  if (dim?.roster) {
    const r = dim.roster;
    const rc = tableColumns(r.table);
    if (!rc) fail("dimension.roster.table", `unknown canonical table "${r.table}"`);
    else {
      if (!rc.has(r.key)) fail("dimension.roster.key", `unknown column "${r.key}" in ${r.table}`);
      if (r.where) checkPredicate(r.where, rc, r.table, "dimension.roster.where", fail);
    }
    if (!["ranking", "table"].includes(def.shape) || !dim.column)
      fail("dimension.roster", "a roster lists the values of a column dimension of a ranking or table");
  }
  def.filters.forEach((f, j) => {
    for (const fact of [own, ...others.values()]) {
      if (!appliesTo(f, fact.table)) fail(`filters.${j}`, `filter "${f}" does not apply to ${fact.table} (filters.ts)`);
    }
  });
}

/** Names of report parameters referenced as `{ param: name }` anywhere in the definition. */
function referencedParameters(def: ReportDefinition): string[] {
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      if ("param" in v && typeof v.param === "string") found.push(v.param);
      Object.values(v).forEach(walk);
    }
  };
  walk(def.measures);
  walk(def.sample);
  return found;
}

function tableColumns(table: string): Columns | undefined {
  if (!isCanonicalTable(table)) return undefined;
  return new Map(Object.entries(canonicalTables[table].columns).map(([name, spec]) => [name, spec.type as ColumnType]));
}

/**
 * A fact's columns and types (a canonical table's; a derived fact's group-by and computed columns;
 * an interval fact's `mergeBy` columns, time column and end) and those filters restrict, checking
 * its table and TIMESTAMP time column; `prefix` is the path of the fact in the definition.
 */
function factScope(
  f: Pick<ReportDefinition, "table" | "timeColumn" | "derived" | "intervals">,
  prefix: string,
  fail: Fail,
): FactScope {
  let scope: FactScope;
  if (f.derived) {
    if (isCanonicalTable(f.table))
      fail(`${prefix}table`, `a derived fact needs its own name, not the canonical table "${f.table}"`);
    if (f.intervals) fail(`${prefix}intervals`, "give either derived or intervals");
    const columns = derivedColumns(f.derived, fail);
    scope = { columns, table: f.table };
  } else {
    const cols = tableColumns(f.table);
    if (!cols) return fail(`${prefix}table`, `unknown canonical table "${f.table}"`);
    scope = {
      columns: f.intervals ? intervalColumns({ ...f, intervals: f.intervals }, cols, prefix, fail) : cols,
      table: f.table,
    };
  }
  if (scope.columns.get(f.timeColumn) !== "TIMESTAMP")
    fail(`${prefix}timeColumn`, `"${f.timeColumn}" is not a TIMESTAMP column of ${f.table}`);
  return scope;
}

/** An interval fact's columns (its `mergeBy` columns, time column and end), checking its `intervals` against the table's columns. */
function intervalColumns(
  f: Required<Pick<Fact, "table" | "timeColumn" | "intervals">>,
  cols: Columns,
  prefix: string,
  fail: Fail,
): Columns {
  const iv = f.intervals;
  const path = `${prefix}intervals`;
  if (cols.get(iv.end) !== "TIMESTAMP") fail(`${path}.end`, `"${iv.end}" is not a TIMESTAMP column of ${f.table}`);
  iv.mergeBy.forEach((c, i) => {
    if (!cols.has(c)) fail(`${path}.mergeBy.${i}`, `unknown column "${c}" in ${f.table}`);
  });
  if (iv.where) checkPredicate(iv.where, cols, f.table, `${path}.where`, fail);
  if (iv.prefer && !cols.has(iv.prefer.column))
    fail(`${path}.prefer.column`, `unknown column "${iv.prefer.column}" in ${f.table}`);
  return new Map([...iv.mergeBy, f.timeColumn, iv.end].map((c) => [c, cols.get(c) as ColumnType]));
}

function derivedColumns(f: DerivedFact, fail: Fail): Columns {
  const from = tableColumns(f.from);
  if (!from) return fail("derived.from", `unknown canonical table "${f.from}"`);
  const out = new Map<string, ColumnType>();
  f.groupBy.forEach((g, i) => {
    const t = from.get(g);
    if (!t) fail(`derived.groupBy.${i}`, `unknown column "${g}" in ${f.from}`);
    else out.set(g, t);
  });
  for (const [name, c] of Object.entries(f.columns)) {
    const t = from.get(c.column);
    if (!t) fail(`derived.columns.${name}.column`, `unknown column "${c.column}" in ${f.from}`);
    else out.set(name, c.fn === "count" ? "BIGINT" : t);
  }
  if (f.where) checkPredicate(f.where, from, f.from, "derived.where", fail);
  return out;
}

function checkShape(def: ReportDefinition, fail: Fail): void {
  const peaks = def.measures.filter((m) => m.aggregate.fn === "peakPerMinute").length;
  if (peaks > 0 && (def.measures.length > 1 || !["kpi", "timeseries"].includes(def.shape) || def.dimension)) {
    fail("measures", "a peakPerMinute measure stands alone in a kpi or an unsplit timeseries");
  }
  const series = def.shape === "timeseries";
  if (def.intervals && !series) fail("intervals", "an interval fact is read by a timeseries only");
  if (def.facts && (!series || def.dimension || peaks > 0))
    fail("facts", "other facts are read by a timeseries without a dimension or peak only");
  def.measures.forEach((m, j) => {
    if (m.aggregate.fn === "timeAverage" && (!series || def.dimension))
      fail(`measures.${j}.aggregate.fn`, "a timeAverage is a measure of a timeseries without a dimension");
    if (usesFirstSeen(m.aggregate) && (!["kpi", "timeseries"].includes(def.shape) || def.dimension || def.facts))
      fail(
        `measures.${j}.aggregate`,
        "a countFirstSeen is read by a kpi or a timeseries without a dimension or other facts",
      );
    if (def.measures.some((x) => usesFirstSeen(x.aggregate)) && !firstSeenParts(m.aggregate))
      fail(
        `measures.${j}.aggregate`,
        "beside a countFirstSeen, measures are counts, sums, countFirstSeen or ratios of them",
      );
  });
  if (def.sample && usesFirstSeen(def.sample)) fail("sample", "a sample size cannot be a countFirstSeen");
  const single =
    ["kpi", "ranking", "distribution", "heatmap"].includes(def.shape) || (def.shape === "timeseries" && def.dimension);
  if (single && def.measures.length !== 1)
    fail("measures", `a ${def.shape}${def.dimension ? " split by a dimension" : ""} has exactly one measure`);
  const needsDim = ["ranking", "distribution", "table"].includes(def.shape);
  if (needsDim && !def.dimension) fail("dimension", `a ${def.shape} needs a dimension`);
  if (!needsDim && def.shape !== "timeseries" && def.dimension) fail("dimension", `a ${def.shape} has no dimension`);
  if (def.dimension && !def.dimension.column === !def.dimension.buckets)
    fail("dimension", "give either column or buckets");
}

/** True when `a` is a count, sum or countFirstSeen, or a ratio of them: what can be read beside a countFirstSeen. */
function firstSeenParts(a: Aggregate): boolean {
  if (a.fn === "ratio") return firstSeenParts(a.numerator) && firstSeenParts(a.denominator);
  return a.fn === "count" || a.fn === "sum" || a.fn === "countFirstSeen";
}

const NUMERIC: readonly ColumnType[] = ["DOUBLE", "INTEGER", "BIGINT"];

function checkValue(v: ValueExpr, cols: Columns, table: string, path: string, fail: Fail): void {
  if ("column" in v) {
    const t = cols.get(v.column);
    if (!t) fail(`${path}.column`, `unknown column "${v.column}" in ${table}`);
    else if (!NUMERIC.includes(t)) fail(`${path}.column`, `"${v.column}" is not numeric`);
    return;
  }
  for (const end of ["from", "to"] as const) {
    const c = v.secondsBetween[end];
    if (cols.get(c) !== "TIMESTAMP")
      fail(`${path}.secondsBetween.${end}`, `"${c}" is not a TIMESTAMP column of ${table}`);
  }
}

/**
 * Checks an aggregate's columns in the fact it reads (its `fact`, else the report's own); `whole`
 * is true for a measure's whole aggregate, the only place a timeAverage may stand.
 */
function checkAggregate(a: Aggregate, scope: Scope, path: string, fail: Fail, whole: boolean): void {
  if (a.fn === "ratio") {
    checkAggregate(a.numerator, scope, `${path}.numerator`, fail, false);
    checkAggregate(a.denominator, scope, `${path}.denominator`, fail, false);
    return;
  }
  if (a.fn === "timeAverage" && !whole)
    fail(`${path}.fn`, "a timeAverage is a measure's whole aggregate, not part of a ratio or sample");
  const name = "fact" in a ? a.fact : undefined;
  const fact = name === undefined ? scope : scope.others.get(name);
  if (!fact) return void fail(`${path}.fact`, `no fact "${name}" among the report's facts`);
  const { columns: cols, table } = fact;
  switch (a.fn) {
    case "count":
      break;
    case "peakPerMinute":
      if (a.value) checkValue(a.value, cols, table, `${path}.value`, fail);
      break;
    case "countDistinct":
      if (!cols.has(a.column)) fail(`${path}.column`, `unknown column "${a.column}" in ${table}`);
      break;
    case "countFirstSeen":
      if (cols.get(a.previous) !== "TIMESTAMP")
        fail(`${path}.previous`, `"${a.previous}" is not a TIMESTAMP column of ${table}`);
      break;
    default:
      checkValue(a.value, cols, table, `${path}.value`, fail);
  }
  if (a.where) checkPredicate(a.where, cols, table, `${path}.where`, fail);
}

function checkPredicate(p: Predicate, cols: Columns, table: string, path: string, fail: Fail): void {
  if ("all" in p) {
    for (const [i, q] of p.all.entries()) checkPredicate(q, cols, table, `${path}.all.${i}`, fail);
  } else if ("any" in p) {
    for (const [i, q] of p.any.entries()) checkPredicate(q, cols, table, `${path}.any.${i}`, fail);
  } else if ("not" in p) {
    checkPredicate(p.not, cols, table, `${path}.not`, fail);
  } else if ("exists" in p) {
    const other = tableColumns(p.exists.table);
    if (!other) return void fail(`${path}.exists.table`, `unknown canonical table "${p.exists.table}"`);
    for (const [theirs, mine] of Object.entries(p.exists.on)) {
      if (!other.has(theirs)) fail(`${path}.exists.on`, `unknown column "${theirs}" in ${p.exists.table}`);
      if (!cols.has(mine)) fail(`${path}.exists.on`, `unknown column "${mine}" in ${table}`);
    }
    if (p.exists.where) checkPredicate(p.exists.where, other, p.exists.table, `${path}.exists.where`, fail);
  } else if (!cols.has(p.column)) {
    fail(`${path}.column`, `unknown column "${p.column}" in ${table}`);
  }
}

/** The registry of built-in reports, validated once at first use. */
let builtin: Registry | undefined;
export function defaultRegistry(): Registry {
  builtin ??= createRegistry(builtinDefinitions);
  return builtin;
}
