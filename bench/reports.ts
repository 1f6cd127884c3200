/**
 * What the report benchmarks at scale (bench/chat.ts, bench/calls.ts) share: a scratch warehouse,
 * the 30- and 90-day queries, and the side-by-side table of warm medians through the engine and as
 * the bare compiled SQL on the same connection.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planReport, type ReportDefinition, runReport } from "@tallyline/report-defs";
import { Warehouse } from "@tallyline/warehouse";

/** A labelled report query, e.g. `{ label: "30 days", query: { periodDays: 30, asOf, timezone } }`. */
export interface LabelledQuery {
  readonly label: string;
  readonly query: { readonly periodDays: number; readonly asOf: string; readonly timezone: string };
}

/** The 30-day and 90-day queries ending on `asOf` (YYYY-MM-DD, local) in `timezone` (IANA name). */
export function periods(asOf: string, timezone: string): LabelledQuery[] {
  return [30, 90].map((periodDays) => ({ label: `${periodDays} days`, query: { periodDays, asOf, timezone } }));
}

/**
 * Opens a migrated warehouse in a new temporary folder (`prefix` names it), runs `fn` with it and
 * the database file's path, then closes it and removes the folder, also when `fn` throws.
 */
export async function withScratchWarehouse<T>(
  prefix: string,
  fn: (wh: Warehouse, path: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = join(dir, "bench.duckdb");
  try {
    const wh = await Warehouse.open(path);
    try {
      return await fn(wh, path);
    } finally {
      await wh.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/**
 * Warm medians in ms of `engine` and `bare` over `runs` runs each, after one warm-up of each, one
 * run of each in turn (so that other load on the machine slows both alike).
 */
async function time(
  engine: () => Promise<unknown>,
  bare: () => Promise<unknown>,
  runs: number,
): Promise<[number, number]> {
  await engine();
  await bare();
  const e: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    await bare();
    b.push(performance.now() - t0);
    t0 = performance.now();
    await engine();
    e.push(performance.now() - t0);
  }
  return [median(e), median(b)];
}

/** Options of {@link compareReports}. */
export interface CompareOptions {
  /** Timed runs per report, query and path. */
  readonly runs: number;
  /** When set, a last column says whether the engine's median is under this many ms for every query. */
  readonly targetMs?: number;
}

/** The table of {@link compareReports} and what stands out in it. */
export interface Comparison {
  /** Markdown table lines, header first. */
  readonly lines: string[];
  /** The slowest engine median in ms over every report and query. */
  readonly worst: number;
  /** `report (query label)` of every engine median at or over the target. */
  readonly over: string[];
}

/**
 * Times every report of `defs` for every query of `queries` on `wh`: the engine path (parse the
 * query, resolve the period, compile, execute, shape) and the bare compiled SQL with the same
 * parameters, one markdown row per report with `engine / bare (ms)` and the engine's overhead in
 * percent of the bare time per query.
 */
export async function compareReports(
  wh: Warehouse,
  defs: readonly ReportDefinition[],
  queries: readonly LabelledQuery[],
  options: CompareOptions,
): Promise<Comparison> {
  const { runs, targetMs } = options;
  const target = targetMs === undefined ? [] : [`under ${targetMs} ms`];
  const lines = [
    `| report | shape | ${[...queries.map((q) => `${q.label}: engine / bare SQL (ms) | overhead`), ...target].join(" | ")} |`,
    `| --- | --- | ${[...queries.map(() => "---: | ---:"), ...target.map(() => "---")].join(" | ")} |`,
  ];
  const exec = (sql: string, params: readonly (string | number | boolean)[]) => wh.query(sql, params);
  let worst = 0;
  const over: string[] = [];
  for (const def of defs) {
    const cells: string[] = [];
    const missed: string[] = [];
    for (const { label, query } of queries) {
      const { compiled } = planReport(def, query);
      const [engine, bare] = await time(
        () => runReport(def, query, exec),
        () => exec(compiled.sql, compiled.params),
        runs,
      );
      worst = Math.max(worst, engine);
      if (targetMs !== undefined && engine >= targetMs) missed.push(label);
      cells.push(`${engine.toFixed(1)} / ${bare.toFixed(1)}`, `${(((engine - bare) / bare) * 100).toFixed(0)}%`);
    }
    if (targetMs !== undefined) cells.push(missed.length ? `**no** (${missed.join(", ")})` : "yes");
    over.push(...missed.map((label) => `${def.id} (${label})`));
    lines.push(`| ${def.id} | ${def.shape} | ${cells.join(" | ")} |`);
  }
  return { lines, worst, over };
}
