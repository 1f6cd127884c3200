/**
 * SQL that differs between engines, behind one interface so the same definitions can later
 * compile for ClickHouse (DESIGN.md "Scale-out"). Only DuckDB exists today.
 */
export interface Dialect {
  readonly name: string;
  /** Placeholder of the 1-based parameter `n`. */
  param(n: number): string;
  /** A UTC TIMESTAMP from a parameter bound as 'YYYY-MM-DD HH:MM:SS.sss'. */
  timestampParam(n: number): string;
  /** An integer parameter. */
  integerParam(n: number): string;
  /** TIMESTAMP `ts` shifted by `offsetSecondsExpr` seconds (local wall-clock time, no time-zone library involved). */
  shift(ts: string, offsetSecondsExpr: string): string;
  /** Truncation of a local TIMESTAMP to a bucket: DATE for day and week (ISO, Monday), TIMESTAMP for hour, minute and month. */
  bucket(localTs: string, grain: "minute" | "hour" | "day" | "week" | "month"): string;
  /** ISO weekday 1 (Monday) .. 7 and hour 0-23 of a local TIMESTAMP. */
  weekday(localTs: string): string;
  hour(localTs: string): string;
  /** Seconds from TIMESTAMP `from` to TIMESTAMP `to`, as DOUBLE. */
  secondsBetween(from: string, to: string): string;
  /** An aggregate over rows where `cond` holds (all rows when undefined); `expr` is ignored by count. */
  agg(
    fn: "count" | "countDistinct" | "avg" | "sum" | "min" | "max" | "median" | "p90",
    expr: string,
    cond: string | undefined,
  ): string;
  /** `num / den * scale` as DOUBLE, NULL when den is 0. */
  ratio(num: string, den: string, scale: number): string;
  /** The `key` value at the maximum of `value` (arg_max). */
  argMax(key: string, value: string): string;
  /** Quotes an identifier that comes from the registry (never from a user). */
  ident(name: string): string;
}

const filter = (sql: string, cond: string | undefined) => (cond ? `${sql} FILTER (WHERE ${cond})` : sql);

export const duckdb: Dialect = {
  name: "duckdb",
  param: (n) => `$${n}`,
  timestampParam: (n) => `$${n}::TIMESTAMP`,
  integerParam: (n) => `$${n}::BIGINT`,
  shift: (ts, off) => `(${ts} + to_seconds(${off}))`,
  bucket: (ts, grain) => {
    switch (grain) {
      case "day":
        return `CAST(${ts} AS DATE)`;
      case "week":
        return `CAST(date_trunc('week', ${ts}) AS DATE)`;
      default:
        return `date_trunc('${grain}', ${ts})`;
    }
  },
  weekday: (ts) => `isodow(${ts})`,
  hour: (ts) => `hour(${ts})`,
  secondsBetween: (from, to) => `(epoch(${to}) - epoch(${from}))`,
  agg: (fn, expr, cond) => {
    switch (fn) {
      case "count":
        return filter("count(*)", cond);
      case "countDistinct":
        return filter(`count(DISTINCT ${expr})`, cond);
      case "median":
        return filter(`quantile_cont(${expr}, 0.5)`, cond);
      case "p90":
        return filter(`quantile_cont(${expr}, 0.9)`, cond);
      default:
        return filter(`${fn}(${expr})`, cond);
    }
  },
  ratio: (num, den, scale) => `(${num})::DOUBLE * ${scale} / NULLIF(${den}, 0)`,
  argMax: (key, value) => `arg_max(${key}, ${value})`,
  ident: (name) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Refusing identifier ${JSON.stringify(name)}`);
    return `"${name}"`;
  },
};
