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
  /**
   * Local wall-clock time of TIMESTAMP `ts` as integer microseconds since 1970-01-01 00:00 local:
   * UTC microseconds plus `offsetSecondsExpr` seconds. Integer arithmetic only (no time-zone
   * library, no interval arithmetic: both are several times slower per row). Instants after 1970.
   */
  localMicros(ts: string, offsetSecondsExpr: string): string;
  /**
   * The bucket number of `value`, a local time counted in units of `unitMicros` microseconds:
   * minutes, hours and days since the epoch; ISO weeks (Monday) as (day + 3) // 7; a month as a
   * TIMESTAMP of its first day.
   */
  bucket(value: string, unitMicros: number, grain: "minute" | "hour" | "day" | "week" | "month"): string;
  /** ISO weekday 1 (Monday) .. 7 and hour 0-23 of a local time in microseconds. */
  weekday(localMicros: string): string;
  hour(localMicros: string): string;
  /** Seconds from TIMESTAMP `from` to TIMESTAMP `to`, as DOUBLE. */
  secondsBetween(from: string, to: string): string;
  /** TIMESTAMP `ts` (UTC) as integer microseconds since the epoch. */
  epochMicros(ts: string): string;
  /** The TIMESTAMP (UTC) of integer microseconds since the epoch. */
  fromMicros(us: string): string;
  /** A select-list expression that turns each row into one row per integer from `from` to `to` - 1 (none when `to` <= `from`). */
  eachInteger(from: string, to: string): string;
  /**
   * An aggregate over rows where `cond` holds (all rows when undefined); `expr` is ignored by count
   * (rows), while countValues counts the rows where `expr` is not NULL.
   */
  agg(
    fn: "count" | "countValues" | "countDistinct" | "avg" | "sum" | "min" | "max" | "median" | "p90",
    expr: string,
    cond: string | undefined,
  ): string;
  /**
   * The interpolated quantiles of `expr` at each of `fractions` (as median and p90 compute them), over
   * rows where `cond` holds, as one list in the order given: one sort serves them all.
   */
  quantiles(expr: string, fractions: readonly number[], cond: string | undefined): string;
  /** `num / den * scale` as DOUBLE, NULL when den is 0. */
  ratio(num: string, den: string, scale: number): string;
  /** The `key` value at the maximum of `value` (arg_max). */
  argMax(key: string, value: string): string;
  /** Quotes an identifier that comes from the registry (never from a user). */
  ident(name: string): string;
}

const DAY_US = 86_400_000_000;

const filter = (sql: string, cond: string | undefined) => (cond ? `${sql} FILTER (WHERE ${cond})` : sql);

export const duckdb: Dialect = {
  name: "duckdb",
  param: (n) => `$${n}`,
  timestampParam: (n) => `$${n}::TIMESTAMP`,
  integerParam: (n) => `$${n}::BIGINT`,
  localMicros: (ts, off) => `(epoch_us(${ts}) + (${off}) * 1000000)`,
  bucket: (v, unit, grain) => {
    const per = (micros: number) => `(${v}) // ${micros / unit}`;
    switch (grain) {
      case "minute":
        return per(60_000_000);
      case "hour":
        return per(3_600_000_000);
      case "day":
        return per(DAY_US);
      case "week":
        return `((${per(DAY_US)}) + 3) // 7`;
      case "month":
        return `date_trunc('month', make_timestamp((${v}) * ${unit}))`;
    }
  },
  weekday: (us) => `(((${us}) // ${DAY_US}) + 3) % 7 + 1`,
  hour: (us) => `((${us}) // 3600000000) % 24`,
  secondsBetween: (from, to) => `(epoch(${to}) - epoch(${from}))`,
  epochMicros: (ts) => `epoch_us(${ts})`,
  fromMicros: (us) => `make_timestamp(${us})`,
  eachInteger: (from, to) => `unnest(range(${from}, ${to}))`,
  agg: (fn, expr, cond) => {
    switch (fn) {
      case "count":
        return filter("count(*)", cond);
      case "countValues":
        return filter(`count(${expr})`, cond);
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
  quantiles: (expr, fractions, cond) => filter(`quantile_cont(${expr}, [${fractions.join(", ")}])`, cond),
  ratio: (num, den, scale) => `(${num})::DOUBLE * ${scale} / NULLIF(${den}, 0)`,
  argMax: (key, value) => `arg_max(${key}, ${value})`,
  ident: (name) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Refusing identifier ${JSON.stringify(name)}`);
    return `"${name}"`;
  },
};
