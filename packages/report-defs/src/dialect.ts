/**
 * SQL generation that differs between engines, behind one interface so the same definitions can
 * later compile for ClickHouse (DESIGN.md "Scale-out"). Only DuckDB exists today.
 */
export interface Dialect {
  readonly name: string;
  /** Placeholder of the 1-based parameter `n`. */
  param(n: number): string;
  /** A UTC TIMESTAMP from a parameter bound as 'YYYY-MM-DD HH:MM:SS.sss'. */
  timestampParam(n: number): string;
  /** An integer parameter. */
  integerParam(n: number): string;
  /** The calendar DATE of TIMESTAMP `ts` shifted by `offsetSecondsExpr` seconds (no time-zone library involved). */
  shiftedDate(ts: string, offsetSecondsExpr: string): string;
  /** count(*) over rows where `cond` holds (all rows when cond is undefined). */
  countIf(cond: string | undefined): string;
  /** avg/sum of `expr` over rows where `cond` holds; NULLs ignored. */
  aggIf(fn: "avg" | "sum", expr: string, cond: string | undefined): string;
  /** `num / den * scale` as DOUBLE, NULL when den is 0. */
  ratio(num: string, den: string, scale: number): string;
  /** Quotes an identifier that comes from the registry (never from a user). */
  ident(name: string): string;
}

export const duckdb: Dialect = {
  name: "duckdb",
  param: (n) => `$${n}`,
  timestampParam: (n) => `$${n}::TIMESTAMP`,
  integerParam: (n) => `$${n}::BIGINT`,
  shiftedDate: (ts, off) => `CAST(${ts} + to_seconds(${off}) AS DATE)`,
  countIf: (cond) => (cond ? `count(*) FILTER (WHERE ${cond})` : "count(*)"),
  aggIf: (fn, expr, cond) => (cond ? `${fn}(${expr}) FILTER (WHERE ${cond})` : `${fn}(${expr})`),
  ratio: (num, den, scale) => `(${num})::DOUBLE * ${scale} / NULLIF(${den}, 0)`,
  ident: (name) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Refusing identifier ${JSON.stringify(name)}`);
    return `"${name}"`;
  },
};
