/**
 * `tallyline report run <id>`: one report over the database, with a flag for every field of the
 * API's report query (`ApiReportQuery`: segments/segments.ts), so that the command line asks what
 * `POST /api/v1/report/{id}/fetch` asks and gets the same numbers:
 *   [--from D --to D | --period-days N [--as-of D]] [--timezone TZ] [--compare previous|none]
 *   [--grain hour|day|week|month] [--limit N] [--param NAME=VALUE...] [--segment ID|NAME]
 *   [--campaign V...] [--agent V...] ... (one flag per query filter, generated from FILTER_NAMES)
 *   [--db FILE] [--json | --format csv|json|xlsx [--out FILE] [--bom]]
 * The query is built as the API's JSON body and parsed by the same report-defs `parseQuery`, so a
 * bad value is refused with the same message naming the field.
 */
import { CALL_OUTCOMES, defaultRegistry, FILTER_NAMES, type FilterName, runReport } from "@tallyline/report-defs";
import type { Warehouse } from "@tallyline/warehouse";
import { type Command, InvalidArgumentError, Option } from "commander";
import { loadConfig } from "../config";
import { demoMarker } from "../dataStatus";
import { type ResolvedSegment, Segments, segmentEcho } from "../segments/segments";
import { CliUsageError, checkExportTarget, writeReportExport } from "./export";
import { formatResult } from "./format";

/**
 * The flag of every field of the API's report query (the body of `POST /api/v1/report/{id}/fetch`),
 * by field: each filter of `filters` has its own flag (`--campaign`, `--agent`...), named as the
 * filter. A field mapped to `{ none }` has no flag, for the reason given. The test
 * cli.report-run.test.ts walks the API's schema and fails naming any field missing here.
 */
export const QUERY_FIELD_FLAGS: Readonly<Record<string, string | { none: string }>> = {
  periodDays: "--period-days",
  asOf: "--as-of",
  from: "--from",
  to: "--to",
  timezone: "--timezone",
  compare: "--compare",
  grain: "--grain",
  parameters: "--param",
  limit: "--limit",
  segmentId: "--segment",
  filters: "--<filter>",
  userId: { none: "accepted for compatibility with the seed-001 request body; Tallyline does not scope by user" },
};

/** The flag of query filter `name`: `--campaign`, `--agent`, ... (generated, so a new filter gets one). */
export const filterFlag = (name: FilterName): string => `--${name}`;

/** Parsed options of `report run` (commander's camelCase names; each filter under its own name). */
export type ReportRunOptions = {
  from?: string;
  to?: string;
  periodDays?: number;
  asOf?: string;
  timezone?: string;
  compare: string;
  grain?: string;
  limit?: number;
  param?: string[];
  segment?: string;
  db?: string;
  json?: boolean;
  format?: "csv" | "json" | "xlsx";
  out?: string;
  bom?: boolean;
} & Partial<Record<FilterName, string[]>>;

/** What `report run` needs from its surroundings: the database by `--db`, and where text goes. */
export interface ReportRunDeps {
  /** Opens the database of `--db` (main.ts: `openDb(dbPath(db))`). */
  open(db: string | undefined): Promise<Warehouse>;
  /** Done with the database (default: close it; a test keeps its own open). */
  release?(wh: Warehouse): Promise<void>;
  /** Writes a line of output (default console.log). */
  print?(text: string): void;
}

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a whole number of at least 1");
  return n;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `--param NAME=VALUE` values as the query's `parameters` (numbers). Throws {@link CliUsageError}
 * naming the value when it is not `name=number`.
 */
export function parseParams(values: readonly string[] | undefined): Record<string, number> | undefined {
  if (!values?.length) return undefined;
  const out: Record<string, number> = {};
  for (const v of values) {
    const m = /^([^=]+)=(.+)$/.exec(v);
    const n = m ? Number(m[2]) : Number.NaN;
    if (!m?.[1] || !Number.isFinite(n))
      throw new CliUsageError(`--param ${JSON.stringify(v)}: give NAME=NUMBER, e.g. serviceLevelSecs=30`);
    out[m[1]] = n;
  }
  return out;
}

/**
 * The API's report query body of these options (without the segment, resolved apart): every flag
 * given, nothing else, so that report-defs' defaults apply as they do to the API.
 */
export function queryOfOptions(o: ReportRunOptions): Record<string, unknown> {
  const filters = Object.fromEntries(FILTER_NAMES.filter((f) => o[f]?.length).map((f) => [f, o[f]]));
  const parameters = parseParams(o.param);
  const q: Record<string, unknown> = {
    from: o.from,
    to: o.to,
    periodDays: o.periodDays,
    asOf: o.asOf,
    timezone: o.timezone,
    compare: o.compare,
    grain: o.grain,
    limit: o.limit,
    parameters,
    filters,
  };
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
}

/**
 * The saved segment `--segment` names: its id (a UUID), else its name (exact, else the one name equal
 * ignoring case). Throws {@link CliUsageError} when no segment or several match.
 */
export async function resolveSegment(wh: Warehouse, idOrName: string): Promise<ResolvedSegment> {
  const segments = new Segments(wh, Date.now);
  if (UUID.test(idOrName)) {
    const [row] = await wh.query<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM app_segments WHERE segment_id = $1",
      [idOrName],
    );
    if (Number(row?.n) > 0) return segments.resolve(idOrName, "--segment");
  }
  const exact = await wh.query<{ id: string }>("SELECT segment_id AS id FROM app_segments WHERE name = $1", [idOrName]);
  const found =
    exact.length > 0
      ? exact
      : await wh.query<{ id: string }>("SELECT segment_id AS id FROM app_segments WHERE lower(name) = lower($1)", [
          idOrName,
        ]);
  if (found.length === 0)
    throw new CliUsageError(`--segment: no saved segment has the id or name ${JSON.stringify(idOrName)}`);
  if (found.length > 1)
    throw new CliUsageError(`--segment: ${found.length} segments are named ${JSON.stringify(idOrName)}; give its id`);
  return segments.resolve(String(found[0]?.id), "--segment");
}

/**
 * Adds `report run` to the `report` command: the flags of {@link QUERY_FIELD_FLAGS}, a flag per query
 * filter, output as text, JSON (the API's result with its demo marker and segment echo) or an
 * export file. Exit status as main.ts says (a bad query: 1; a usage error: 2).
 */
export function registerReportRun(report: Command, deps: ReportRunDeps): Command {
  const print = deps.print ?? ((t: string) => console.log(t));
  const cmd = report
    .command("run")
    .description("Run one report (the flags are the fields of the API's report query)")
    .argument("<id>", "report id, e.g. calls.offered")
    .option("--from <date>", "first day, YYYY-MM-DD (with --to)")
    .option("--to <date>", "last day, YYYY-MM-DD (inclusive)")
    .option("--period-days <n>", "days ending at --as-of (default 30)", positiveInt)
    .option("--as-of <date>", "last day of a --period-days window (default today)")
    .option("--timezone <tz>", "IANA zone of the calendar days (default $TALLYLINE_TIMEZONE or UTC)")
    .addOption(
      new Option("--compare <mode>", "compare with the previous period")
        .choices(["previous", "none"])
        .default("previous"),
    )
    .addOption(
      new Option("--grain <grain>", "bucket of breakdowns and series (default: the report's, else day)").choices([
        "hour",
        "day",
        "week",
        "month",
      ]),
    )
    .option(
      "--limit <n>",
      "most rows of a ranking or series of a split timeseries (default: the report's)",
      positiveInt,
    )
    .option("--param <name=value...>", "a report parameter, e.g. serviceLevelSecs=30 (repeatable)")
    .option("--segment <id-or-name>", "a saved segment (id or name) whose filters apply on top of the flags'");
  for (const name of FILTER_NAMES) {
    const flag = `${filterFlag(name)} <value...>`;
    const help = `filter: only rows whose ${name} is one of these (docs/api.md, filters)`;
    cmd.addOption(name === "outcome" ? new Option(flag, help).choices(CALL_OUTCOMES) : new Option(flag, help));
  }
  cmd
    .option("--db <file>", "DuckDB file (default: $TALLYLINE_DATA_DIR/tallyline.duckdb)")
    .option("--json", "print the result as JSON")
    .addOption(
      new Option(
        "--format <format>",
        "write an export file: csv (RFC 4180), json (result + definitions + query) or xlsx (docs/api.md 'Exports')",
      )
        .choices(["csv", "json", "xlsx"])
        .conflicts("json"),
    )
    .option(
      "--out <file>",
      "with --format: the file to write (default stdout; xlsx needs a file unless stdout is redirected)",
    )
    .option("--bom", "with --format csv: start with a UTF-8 byte order mark (for Excel)")
    .action(async (id: string, o: ReportRunOptions) => {
      const def = defaultRegistry().get(id);
      if ((o.out || o.bom) && !o.format) throw new CliUsageError("--out and --bom go with --format csv|json|xlsx");
      if (o.format) checkExportTarget(o.format, o.out ? { out: o.out } : {});
      const query = queryOfOptions(o);
      const filters = query.filters as Record<string, string[]>;
      const wh = await deps.open(o.db);
      try {
        const segment = o.segment === undefined ? undefined : await resolveSegment(wh, o.segment);
        const result = await runReport(def, query, (sql, params) => wh.query(sql, params), {
          defaultTimezone: loadConfig().timezone,
          ...(segment ? { segment } : {}),
        });
        // The same demo marker and segment echo as the API's results.
        const extra = { ...(await demoMarker(wh)), ...segmentEcho(segment) };
        if (o.format) {
          const to = await writeReportExport(
            o.format,
            { def, result: { ...result, ...extra }, filters, now: Date.now() },
            { ...(o.out ? { out: o.out } : {}), bom: o.bom ?? false },
          );
          if (to !== "stdout") console.error(`wrote ${to}`);
        } else if (o.json) print(JSON.stringify({ ...result, ...extra }, null, 2));
        else print(extra.notice ? `${extra.notice}\n${formatResult(result)}` : formatResult(result));
      } finally {
        await (deps.release ? deps.release(wh) : wh.close());
      }
    });
  return cmd;
}
