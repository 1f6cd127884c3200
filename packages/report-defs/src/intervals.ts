/**
 * Interval facts in SQL (a definition's `intervals`, see {@link Intervals}): rows that last from a
 * start to an end, such as agents' online states. Each group's rows are reduced to their union (each
 * row keeps only its part after every earlier row of its group), which is clipped to the window and
 * cut at every change of the zone's UTC offset and at every local hour or day, so that each piece
 * lies in one local bucket. The window itself, cut the same way, gives each bucket's length in
 * seconds (for `timeAverage`). All of it is integer microseconds: the zone's offsets come from JS
 * as a short table of spans of constant offset (no time-zone library per row), so local hours and
 * days are exact on either side of a DST change: a skipped local hour gets no piece and no length, a
 * repeated one the pieces of both readings and a length of 7200 s, a day 23 or 25 hours.
 */
import { offsetSpans } from "@tallyline/warehouse/time";
import type { Intervals } from "./definition";
import type { Dialect } from "./dialect";
import type { Grain } from "./query";
import type { Params } from "./sql";

/** A window to cut at: UTC instants [from, end), the query's zone and grain, and where the current window starts. */
export interface CutWindow {
  readonly from: Date;
  readonly current: Date;
  readonly end: Date;
  readonly timezone: string;
  readonly grain: Grain;
}

/** The local unit pieces are cut at: an hour for the hourly grain, else a day (every coarser bucket is made of days). */
const unitOf = (grain: Grain) =>
  grain === "hour" ? ({ grain: "hour", us: 3_600_000_000 } as const) : ({ grain: "day", us: 86_400_000_000 } as const);

/**
 * `z(z_from, z_to, z_off)`: the spans of constant UTC offset of the window's zone over [from, end),
 * each from UTC microsecond `z_from` (inclusive) to `z_to` (exclusive) with offset `z_off` in
 * microseconds east of UTC, bound as parameters (a window that crosses one DST change has two).
 */
function spans(w: CutWindow, ps: Params): string {
  const list = offsetSpans(w.timezone, w.from.getTime(), w.end.getTime());
  const rows = list.map((s, i) => {
    const to = list[i + 1]?.fromMs ?? w.end.getTime();
    return `(${ps.integer(s.fromMs * 1000)}, ${ps.integer(to * 1000)}, ${ps.integer(s.offsetSeconds * 1_000_000)})`;
  });
  return `(VALUES ${rows.join(", ")}) AS z(z_from, z_to, z_off)`;
}

/**
 * A query over `source` (rows with UTC microseconds `s` < `e` and the columns `keep`) giving one row
 * per piece of each row within the window: `keep`, `local_us` (the piece's first instant as local
 * wall-clock microseconds) and the piece's UTC bounds `s`, `e`. A row is clipped to each span of
 * constant offset it overlaps, read in local time there, and cut at every local unit boundary.
 */
function cut(source: string, keep: readonly string[], w: CutWindow, d: Dialect, ps: Params): string {
  const unit = unitOf(w.grain);
  const kept = keep.map((c) => `${c}, `).join("");
  const clipped = `SELECT ${keep.map((c) => `src.${c}, `).join("")}greatest(src.s, z.z_from) + z.z_off AS lo, least(src.e, z.z_to) + z.z_off AS hi, z.z_off FROM ${source} AS src JOIN ${spans(w, ps)} ON src.s < z.z_to AND src.e > z.z_from`;
  const units = d.eachInteger(d.bucket("lo", 1, unit.grain), `${d.bucket("hi - 1", 1, unit.grain)} + 1`);
  return [
    `SELECT ${kept}greatest(lo, u) AS local_us, greatest(lo, u) - z_off AS s, least(hi, u + ${unit.us}) - z_off AS e`,
    `FROM (SELECT *, ${units} * ${unit.us} AS u FROM (${clipped}))`,
  ].join(" ");
}

/** A fact of intervals: its table, time column (the start) and `intervals`. */
export interface IntervalSource {
  readonly table: string;
  readonly timeColumn: string;
  readonly intervals: Intervals;
}

/**
 * The body of an interval fact's CTE: one row per piece (see {@link Intervals}) with the `mergeBy`
 * columns, `is_current`, `local_us`, and the time column and `end` as the piece's UTC bounds
 * (TIMESTAMP). `conditions` are SQL over the table's rows aliased `f` (the query's filters and
 * `intervals.where`); `pieceCondition`, SQL over the pieces aliased `f`, keeps some pieces only.
 * A group's union: in order of start (then end), each row starts at the latest end of the rows
 * before it when that is later, and is dropped when nothing is left; what remains never overlaps
 * and covers the union (one window pass).
 */
export function intervalRows(
  fact: IntervalSource,
  conditions: readonly string[],
  w: CutWindow,
  d: Dialect,
  ps: Params,
  pieceCondition?: string,
): string {
  const iv = fact.intervals;
  const start = `f.${d.ident(fact.timeColumn)}`;
  const end = `f.${d.ident(iv.end)}`;
  const by = iv.mergeBy.map((c) => d.ident(c)).join(", ");
  const where = [
    `${start} < ${ps.timestamp(w.end)}`,
    `${end} > ${ps.timestamp(w.from)}`,
    `${end} > ${start}`,
    ...conditions,
  ].join(" AND ");
  const columns = `${iv.mergeBy.map((c) => `f.${d.ident(c)}`).join(", ")}, ${d.epochMicros(start)} AS s, ${d.epochMicros(end)} AS e`;
  const prefer = iv.prefer;
  // With `prefer`, each group keeps the rows of its best-ranked source (others rank NULL: never kept).
  const rows = prefer
    ? `SELECT ${by}, s, e FROM (SELECT *, min(src_rank) OVER (PARTITION BY ${by}) AS best FROM (SELECT ${columns}, CASE f.${d.ident(prefer.column)} ${prefer.order.map((v, i) => `WHEN ${ps.value(v)} THEN ${i}`).join(" ")} END AS src_rank FROM ${d.ident(fact.table)} AS f WHERE ${where})) WHERE src_rank = best`
    : `SELECT ${columns} FROM ${d.ident(fact.table)} AS f WHERE ${where}`;
  const seen = `max(e) OVER (PARTITION BY ${by} ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)`;
  const union = `SELECT * FROM (SELECT ${by}, greatest(s, coalesce(${seen}, s)) AS s, e FROM iv_rows) WHERE e > s`;
  const pieces = cut(
    "iv_union",
    iv.mergeBy.map((c) => d.ident(c)),
    w,
    d,
    ps,
  );
  const select = `SELECT ${by}, s >= ${ps.integer(w.current.getTime() * 1000)} AS is_current, local_us, ${d.fromMicros("s")} AS ${d.ident(fact.timeColumn)}, ${d.fromMicros("e")} AS ${d.ident(iv.end)} FROM (${pieces})`;
  return [
    `  WITH iv_rows AS (${rows}),`,
    `  iv_union AS (${union})`,
    `  SELECT * FROM (${select}) AS f${pieceCondition ? ` WHERE ${pieceCondition}` : ""}`,
  ].join("\n");
}

/**
 * `name AS (...)`: every bucket of the window's grain with its length in seconds within the window
 * (`bucket`, `secs`): 3600 for an hour, 7200 for a local hour a DST change repeats, 23 or 25 hours
 * for the day of a change, the part inside the window for a week or month; a local hour a change
 * skips is absent. Buckets are numbered as the compiler's (`Dialect.bucket` of `local_us`).
 */
export function calendarCte(name: string, w: CutWindow, d: Dialect, ps: Params): string {
  const window = `(SELECT ${ps.integer(w.from.getTime() * 1000)} AS s, ${ps.integer(w.end.getTime() * 1000)} AS e)`;
  return `${name} AS (SELECT ${d.bucket("local_us", 1, w.grain)} AS bucket, sum(e - s) / 1e6 AS secs FROM (${cut(window, [], w, d, ps)}) GROUP BY bucket)`;
}
