/**
 * What the report benchmarks at scale (bench/chat.ts, bench/calls.ts) share: a scratch warehouse,
 * the 30- and 90-day queries, and the side-by-side table of warm medians through the engine and as
 * the bare compiled SQL on the same connection.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planReport, type ReportDefinition, shapeResult } from "@tallyline/report-defs";
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

/** Warm medians in ms of one report and query (see {@link time}). */
interface Timing {
  /** The whole report path, as `runReport` runs it: plan, execute, shape. */
  readonly engine: number;
  /** The same compiled SQL with the same parameters, alone. */
  readonly bare: number;
  /** The engine's own work inside the engine runs: planning plus shaping, without the SQL. */
  readonly own: number;
}

/**
 * Warm medians over `runs` runs after one warm-up of each path, one run of each in turn (so that
 * other load on the machine slows both alike): the bare SQL, and the engine path in its three
 * phases (planReport, the SQL, shapeResult: what runReport does), timed apart so that the engine's
 * own work is measured directly as well as by the difference of two noisy medians.
 */
async function time(
  def: ReportDefinition,
  query: LabelledQuery["query"],
  exec: (sql: string, params: readonly (string | number | boolean)[]) => Promise<readonly object[]>,
  runs: number,
): Promise<Timing> {
  const { compiled } = planReport(def, query);
  const engineRun = async () => {
    const t0 = performance.now();
    const plan = planReport(def, query);
    const t1 = performance.now();
    const rows = await exec(plan.compiled.sql, plan.compiled.params);
    const t2 = performance.now();
    shapeResult(def, plan, rows);
    const t3 = performance.now();
    return { total: t3 - t0, own: t1 - t0 + (t3 - t2) };
  };
  await engineRun();
  await exec(compiled.sql, compiled.params);
  const e: number[] = [];
  const b: number[] = [];
  const o: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await exec(compiled.sql, compiled.params);
    b.push(performance.now() - t0);
    const { total, own } = await engineRun();
    e.push(total);
    o.push(own);
  }
  return { engine: median(e), bare: median(b), own: median(o) };
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
  /** The greatest share of the engine's own work (planning and shaping) in the bare SQL's time, percent 0-100. */
  readonly worstOwn: number;
}

/**
 * Times every report of `defs` for every query of `queries` on `wh`: the engine path (parse the
 * query, resolve the period, compile, execute, shape) and the bare compiled SQL with the same
 * parameters, one markdown row per report with, per query, `engine / bare (ms)`, the difference in
 * percent of the bare time, and the engine's own work (planning and shaping, timed inside the
 * engine runs) in ms and in percent of the bare time.
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
    `| report | shape | ${[...queries.map((q) => `${q.label}: engine / bare SQL (ms) | difference | engine's own work`), ...target].join(" | ")} |`,
    `| --- | --- | ${[...queries.map(() => "---: | ---: | ---:"), ...target.map(() => "---")].join(" | ")} |`,
  ];
  const exec = (sql: string, params: readonly (string | number | boolean)[]) => wh.query(sql, params);
  let worst = 0;
  let worstOwn = 0;
  const over: string[] = [];
  for (const def of defs) {
    const cells: string[] = [];
    const missed: string[] = [];
    for (const { label, query } of queries) {
      const { engine, bare, own } = await time(def, query, exec, runs);
      worst = Math.max(worst, engine);
      worstOwn = Math.max(worstOwn, own / bare);
      if (targetMs !== undefined && engine >= targetMs) missed.push(label);
      const pct = (x: number) => `${((x / bare) * 100).toFixed(0)}%`;
      cells.push(`${engine.toFixed(1)} / ${bare.toFixed(1)}`, pct(engine - bare), `${own.toFixed(2)} ms (${pct(own)})`);
    }
    if (targetMs !== undefined) cells.push(missed.length ? `**no** (${missed.join(", ")})` : "yes");
    over.push(...missed.map((label) => `${def.id} (${label})`));
    lines.push(`| ${def.id} | ${def.shape} | ${cells.join(" | ")} |`);
  }
  return { lines, worst, worstOwn: worstOwn * 100, over };
}
