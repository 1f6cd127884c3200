/**
 * Timeseries that need more than one fact's aggregates per bucket: measures over the report's other
 * `facts`, ratios whose numerator and denominator read different facts, and time averages (which
 * divide by each bucket's length). Still one statement: each fact is a part, the ordinary timeseries
 * statement over that fact's aggregates (compiled by the caller, so every optimisation of a single
 * fact applies to it) as a CTE `p0`, `p1`...; the statement joins the parts on the bucket and
 * computes each measure from its parts' columns.
 */
import type { Aggregate, ReportDefinition } from "./definition";
import type { Dialect } from "./dialect";
import { calendarCte } from "./intervals";
import type { Period } from "./query";
import { bounds, countsBeside, type Params } from "./sql";

/** True when the timeseries `def` is compiled by {@link composedTimeseries}. */
export function isComposed(def: ReportDefinition): boolean {
  return def.facts !== undefined || def.measures.some((m) => m.aggregate.fn === "timeAverage");
}

/** The fact an aggregate reads ('' for the report's own), or null for a ratio whose two sides read different facts. */
function factOf(a: Aggregate): string | null {
  if (a.fn === "ratio") {
    const num = factOf(a.numerator);
    return num !== null && num === factOf(a.denominator) ? num : null;
  }
  return ("fact" in a && a.fact) || "";
}

/** `a` without `fact` fields (its part reads that fact), a time average as the sum it divides. */
function local(a: Aggregate): Aggregate {
  if (a.fn === "ratio") return { ...a, numerator: local(a.numerator), denominator: local(a.denominator) };
  if (a.fn === "peakPerMinute" || a.fn === "countFirstSeen") return a;
  const { fact: _, ...rest } = a;
  return rest.fn === "timeAverage" ? { ...rest, fn: "sum" } : rest;
}

/** JSON with sorted keys: equal aggregates give equal keys, whatever order their fields were written in. */
function keyOf(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(keyOf).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.entries(v)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, x]) => `${JSON.stringify(k)}:${keyOf(x)}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

/** One fact's aggregates, in column order (`v0`, `v1`...), each once. */
interface Part {
  readonly fact: string;
  readonly aggregates: Aggregate[];
  readonly columns: Map<string, number>;
}

/** The report reading `part`'s fact alone, with its aggregates as measures (only the aggregates are compiled). */
function partDefinition(def: ReportDefinition, part: Part): ReportDefinition {
  const fact = part.fact === "" ? def : def.facts?.[part.fact];
  if (!fact) throw new Error(`${def.id}: no fact "${part.fact}"`);
  const own = part.fact === "" ? { derived: def.derived } : { derived: undefined };
  return {
    ...def,
    ...own,
    table: fact.table,
    timeColumn: fact.timeColumn,
    intervals: fact.intervals,
    facts: undefined,
    dimension: undefined,
    measures: part.aggregates.map((aggregate, j) => ({
      id: `v${j}`,
      label: `v${j}`,
      aggregate,
      format: "count",
      goodDirection: "neutral",
      definition: "",
    })),
  };
}

/**
 * The statement of a timeseries that {@link isComposed}: rows `{ bucket, v0.. }` in measure order,
 * like any timeseries'. An aggregate goes to the part of the fact it reads (equal aggregates share a
 * column); a ratio across facts sends its numerator and denominator to their parts and divides in
 * the join (NULL when the denominator is 0). Counts and sums are 0 in a bucket where their part has
 * no row. A time average is the sum of its values (seconds) divided by the bucket's length in
 * seconds; the statement then reads every bucket of the window with a length from its calendar
 * ({@link calendarCte}), so buckets without rows get 0, and a skipped local hour stays absent (null).
 * `compilePart` compiles the timeseries of one fact; parameters go to `ps`.
 */
export function composedTimeseries(
  def: ReportDefinition,
  period: Period,
  d: Dialect,
  ps: Params,
  compilePart: (part: ReportDefinition) => string,
): string {
  const parts = new Map<string, Part & { index: number }>();
  const column = (a: Aggregate, fact: string): string => {
    let part = parts.get(fact);
    if (!part) {
      part = { fact, aggregates: [], columns: new Map(), index: parts.size };
      parts.set(fact, part);
    }
    const leaf = local(a);
    const key = keyOf(leaf);
    let j = part.columns.get(key);
    if (j === undefined) {
      j = part.aggregates.push(leaf) - 1;
      part.columns.set(key, j);
    }
    const col = `p${part.index}.v${j}`;
    return ["count", "countDistinct", "sum", "timeAverage"].includes(a.fn) ? `coalesce(${col}, 0)` : col;
  };
  const place = (a: Aggregate): string => {
    const fact = factOf(a);
    if (fact !== null) return column(a, fact);
    if (a.fn !== "ratio") throw new Error("only a ratio reads two facts");
    return d.ratio(place(a.numerator), place(a.denominator), a.scale);
  };
  const values = def.measures.map((m, i) => {
    const v = place(m.aggregate);
    return `${m.aggregate.fn === "timeAverage" ? `${v} / cal.secs` : v} AS v${i}`;
  });
  // Beside an average, its count of events (compile.ts `n<i>`): the part's own `n<j>` column beside
  // the average's `v<j>`, or a ratio marked `average`'s denominator.
  def.measures.forEach((m, i) => {
    const a = m.aggregate;
    if (!countsBeside(a)) return;
    const n = a.fn === "ratio" ? place(a.denominator) : place(a).replace(/^p(\d+)\.v(\d+)$/, "coalesce(p$1.n$2, 0)");
    values.push(`${n} AS n${i}`);
  });
  const ctes = [...parts.values()].map((p) => `p${p.index} AS (\n${compilePart(partDefinition(def, p))}\n)`);
  const timed = def.measures.some((m) => m.aggregate.fn === "timeAverage");
  if (timed) {
    const b = bounds(period);
    const w = { from: b.current, current: b.current, end: b.end, timezone: period.timezone, grain: period.grain };
    ctes.push(calendarCte("cal", w, d, ps));
  }
  const [first, ...rest] = [...(timed ? ["cal"] : []), ...[...parts.values()].map((p) => `p${p.index}`)];
  const joins = rest.map((t) => ` ${timed ? "LEFT" : "FULL"} JOIN ${t} USING (bucket)`).join("");
  return `WITH ${ctes.join(",\n")}\nSELECT bucket, ${values.join(", ")}\nFROM ${first}${joins}`;
}
