import { columnSpec, isCanonicalTable } from "@tallyline/warehouse/schema";
import { type Aggregate, filterColumns, type Predicate, ReportDefinition } from "./definition";
import { builtinDefinitions } from "./defs/index";
import { ReportError } from "./errors";

/** A validated, read-only set of report definitions, looked up by id. */
export interface Registry {
  /** Every definition in catalogue order. */
  list(): readonly ReportDefinition[];
  /** The definition `id`; throws {@link ReportError} 'unknown_report'. */
  get(id: string): ReportDefinition;
  has(id: string): boolean;
}

/**
 * Validates `definitions` and returns the registry. Fails fast on the first problem with a
 * {@link ReportError} 'invalid_definition' whose message names the definition and the path of the
 * bad field, e.g. `definitions[4] (calls.asa) measure.aggregate.column: unknown column "wait" in calls`.
 * Checks: the zod contract, unique ids, canonical table, a TIMESTAMP time column, every referenced
 * column exists (numeric for avg/sum), and every allowed filter has its column in the table.
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
    const fail = (path: string, msg: string): never => {
      throw new ReportError("invalid_definition", `${label} ${path}: ${msg}`, path);
    };
    if (byId.has(def.id)) fail("id", `duplicate report id "${def.id}"`);
    const m = def.measure;
    if (!isCanonicalTable(m.table)) fail("measure.table", `unknown canonical table "${m.table}"`);
    if (columnSpec(m.table, m.timeColumn)?.type !== "TIMESTAMP") {
      fail("measure.timeColumn", `"${m.timeColumn}" is not a TIMESTAMP column of ${m.table}`);
    }
    checkAggregate(m.aggregate, m.table, "measure.aggregate", fail);
    def.filters.forEach((f, j) => {
      if (!columnSpec(m.table, filterColumns[f]))
        fail(`filters.${j}`, `filter "${f}" needs column ${filterColumns[f]} in ${m.table}`);
    });
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

type Fail = (path: string, msg: string) => never;

function checkAggregate(a: Aggregate, table: string, path: string, fail: Fail): void {
  if (a.fn === "ratio") {
    checkAggregate(a.numerator, table, `${path}.numerator`, fail);
    checkAggregate(a.denominator, table, `${path}.denominator`, fail);
    return;
  }
  if (a.fn !== "count") {
    const spec = columnSpec(table, a.column);
    if (!spec) fail(`${path}.column`, `unknown column "${a.column}" in ${table}`);
    else if (!["DOUBLE", "INTEGER", "BIGINT"].includes(spec.type))
      fail(`${path}.column`, `"${a.column}" is not numeric`);
  }
  if (a.where) checkPredicate(a.where, table, `${path}.where`, fail);
}

function checkPredicate(p: Predicate, table: string, path: string, fail: Fail): void {
  if ("all" in p) {
    for (const [i, q] of p.all.entries()) checkPredicate(q, table, `${path}.all.${i}`, fail);
  } else if ("any" in p) {
    for (const [i, q] of p.any.entries()) checkPredicate(q, table, `${path}.any.${i}`, fail);
  } else if (!columnSpec(table, p.column)) fail(`${path}.column`, `unknown column "${p.column}" in ${table}`);
}

/** The registry of built-in reports, validated once at first use. */
let builtin: Registry | undefined;
export function defaultRegistry(): Registry {
  builtin ??= createRegistry(builtinDefinitions);
  return builtin;
}
