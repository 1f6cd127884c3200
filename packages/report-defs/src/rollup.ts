/**
 * Totals merged in JS from finer rows (see compile.ts). A measure whose aggregate decomposes into
 * partial aggregates that merge exactly across any split of its rows (counts and sums add, minima
 * and maxima compare; an average is a sum and a count, a ratio its numerator's and denominator's
 * partials) needs no GROUPING SETS: the SQL groups by the finest level only (a local day or hour, or
 * a window and dimension value) and this module merges the window totals, weeks and months, in a
 * fixed order, into the rows `compile` documents for the shape. Per-minute peaks merge the same way
 * (the greater count wins, the earlier minute on a tie). An average's count of events (its count
 * partial) is given beside its value as `n0` (units) or `n<i>` (keys), as compile.ts documents.
 */
import { bucketOfUnit } from "./buckets";
import type { Grain } from "./query";

/** How a partial merges: added, or the least or greatest; NULL (no value) leaves the other side as it is. */
export type Merge = "sum" | "min" | "max";

/** A decomposable measure: how each of its partial columns merges, and its value from the merged partials. */
export interface Decomposed {
  readonly merges: readonly Merge[];
  readonly finish: (partials: readonly (number | null)[]) => number | null;
  /** For an average: the index of the partial that counts the values averaged (its events, given as `n<i>` beside `v<i>`). */
  readonly count?: number;
}

/** The merged count of events of a measure with one (`Decomposed.count`), 0 when no row had any; else undefined. */
const countOf = (m: Decomposed, p: readonly (number | null)[]) =>
  m.count === undefined ? undefined : (p[m.count] ?? 0);

/**
 * How the rows of a compiled query become the rows of its shape:
 * - `units` (kpi): a row per unit (`bucket`: a local day number, or a local hour number for the
 *   hourly grain) with the measure's partial columns `p0`, `p1`...; with `is_current` when
 *   `firstCurrentUnit` is null (else a unit from that one on is in the current window); plus, when
 *   the report has them, one row with a NULL bucket carrying the current window's `stats`
 *   ([median, p90]) and `sample`;
 * - `peak` (kpi): a row per unit with its busiest minute's count `v0`, that minute's first instant
 *   `peak_at` (epoch seconds; the earliest instant wins a tie) and its local minute `peak_minute`
 *   (`is_current` as for units);
 * - `keys` (ranking, distribution, table): a row per window and dimension value (`is_current`,
 *   `key`, `label`?) with the partial columns of every measure, in measure order; with
 *   `dropNullKey`, rows whose key is NULL (a histogram's values outside every bucket) are left out
 *   here rather than in SQL, where the filter would evaluate the bucket expression once more per row;
 *   with `sample`, the last measure is the report's sample size, given as `sample`.
 */
export type Rollup =
  | {
      readonly kind: "units";
      readonly grain: Grain;
      readonly firstCurrentUnit: number | null;
      readonly measure: Decomposed;
    }
  | { readonly kind: "peak"; readonly grain: Grain; readonly firstCurrentUnit: number | null }
  | {
      readonly kind: "keys";
      readonly measures: readonly Decomposed[];
      readonly dropNullKey: boolean;
      readonly sample?: boolean;
    };

type Row = Record<string, unknown>;
type Partials = (number | null)[];

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function merge(into: Partials, add: readonly (number | null)[], merges: readonly Merge[]): void {
  merges.forEach((m, i) => {
    const a = into[i] ?? null;
    const b = add[i] ?? null;
    into[i] = a === null ? b : b === null ? a : m === "sum" ? a + b : m === "min" ? Math.min(a, b) : Math.max(a, b);
  });
}

/** Adds `add` to the partials kept under `key` (a copy the first time). */
function mergeAt<K>(map: Map<K, Partials>, key: K, add: Partials, merges: readonly Merge[]): void {
  const into = map.get(key);
  if (into) merge(into, add, merges);
  else map.set(key, [...add]);
}

/** Rows of the compiler's documented shape from the rows of a query compiled with `rollup`. */
export function rollupRows(rows: readonly Row[], rollup: Rollup): Row[] {
  switch (rollup.kind) {
    case "units":
      return units(rows, rollup);
    case "peak":
      return peaks(rows, rollup);
    case "keys":
      return keys(
        rollup.dropNullKey ? rows.filter((r) => r.key !== null && r.key !== undefined) : rows,
        rollup.measures,
        rollup.sample ?? false,
      );
  }
}

/** Unit rows in time order (so totals do not depend on the order DuckDB returns them in) and the row without a unit. */
function byUnit(rows: readonly Row[]): { ordered: Row[]; extras: Row | undefined } {
  const ordered = rows.filter((r) => r.bucket !== null && r.bucket !== undefined);
  ordered.sort((a, b) => Number(a.bucket) - Number(b.bucket));
  return { ordered, extras: rows.find((r) => r.bucket === null || r.bucket === undefined) };
}

const isCurrent = (r: Row, firstCurrentUnit: number | null) =>
  firstCurrentUnit === null ? Boolean(r.is_current) : Number(r.bucket) >= firstCurrentUnit;

function units(rows: readonly Row[], r: Extract<Rollup, { kind: "units" }>): Row[] {
  const { merges, finish } = r.measure;
  const windows = new Map<boolean, Partials>();
  const buckets = new Map<number | string, Partials>();
  const { ordered, extras } = byUnit(rows);
  for (const row of ordered) {
    const p = merges.map((_, i) => num(row[`p${i}`]));
    const current = isCurrent(row, r.firstCurrentUnit);
    mergeAt(windows, current, p, merges);
    if (current) mergeAt(buckets, bucketOfUnit(r.grain, Number(row.bucket)), p, merges);
  }
  const stats = Array.isArray(extras?.stats) ? (extras.stats as unknown[]) : [];
  const n0 = (p: Partials) => (r.measure.count === undefined ? {} : { n0: countOf(r.measure, p) });
  const out: Row[] = [...windows].map(([current, p]) => ({
    is_current: current,
    bucket: null,
    v0: finish(p),
    ...n0(p),
    ...(current ? { median: num(stats[0]), p90: num(stats[1]), sample: extras?.sample ?? null } : {}),
  }));
  for (const [bucket, p] of buckets) out.push({ is_current: true, bucket, v0: finish(p), ...n0(p) });
  return out;
}

const peakOf = (b: Row) => ({ v0: b.v0, peak_at: b.peak_at, peak_minute: b.peak_minute });

function peaks(rows: readonly Row[], r: Extract<Rollup, { kind: "peak" }>): Row[] {
  const windows = new Map<boolean, Row>();
  const buckets = new Map<number | string, Row>();
  const keep = <K>(map: Map<K, Row>, key: K, row: Row) => {
    const best = map.get(key);
    const n = Number(row.v0);
    if (!best || n > Number(best.v0) || (n === Number(best.v0) && Number(row.peak_at) < Number(best.peak_at)))
      map.set(key, row);
  };
  for (const row of byUnit(rows).ordered) {
    const current = isCurrent(row, r.firstCurrentUnit);
    keep(windows, current, row);
    if (current) keep(buckets, bucketOfUnit(r.grain, Number(row.bucket)), row);
  }
  return [
    ...[...windows].map(([current, b]) => ({ is_current: current, bucket: null, ...peakOf(b) })),
    ...[...buckets].map(([bucket, b]) => ({ is_current: true, bucket, ...peakOf(b) })),
  ];
}

function keys(rows: readonly Row[], measures: readonly Decomposed[], sample: boolean): Row[] {
  const merges = measures.flatMap((m) => m.merges);
  const partialNames = merges.map((_, i) => `p${i}`);
  const valueNames = measures.map((_, i) => (sample && i === measures.length - 1 ? "sample" : `v${i}`));
  const withValues = (out: Row, p: Partials) => {
    let at = 0;
    measures.forEach((m, i) => {
      const own = p.slice(at, at + m.merges.length);
      out[valueNames[i] as string] = m.finish(own);
      if (m.count !== undefined) out[`n${i}`] = countOf(m, own);
      at += m.merges.length;
    });
    return out;
  };
  const ordered = [...rows].sort((a, b) =>
    String(a.key) < String(b.key) ? -1 : String(a.key) > String(b.key) ? 1 : 0,
  );
  const totals = new Map<boolean, Partials>();
  const out: Row[] = [];
  for (const row of ordered) {
    // A roster row (compile.ts withRoster) has no values: it passes through, outside the totals.
    if (row.roster) {
      out.push({ roster: true, is_current: null, is_total: false, key: row.key, label: row.label });
      continue;
    }
    const p = partialNames.map((name) => num(row[name]));
    mergeAt(totals, Boolean(row.is_current), p, merges);
    out.push(withValues({ is_current: row.is_current, is_total: false, key: row.key, label: row.label }, p));
  }
  for (const [current, p] of totals) out.push(withValues({ is_current: current, is_total: true, key: null }, p));
  return out;
}
