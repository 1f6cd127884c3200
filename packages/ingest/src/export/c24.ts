/**
 * Writes the eight Conversation24 exports of seed 003 from the canonical tables: the inverse of the
 * adapters in ../adapters/c24 (docs/ingest.md "Writing them back" says what each file holds).
 *
 * Format (what the adapters read; docs/ingest.md "Conversation24 exports"):
 * - one CSV file per export, named as the generator names them ('agent-activity.csv', ...); UTF-8
 *   without BOM, comma-separated, CRLF line ends and RFC 4180 quoting (RFC 4180 is what "CSV"
 *   means when seed 003 says nothing more); the header is the seed's column list in the seed's
 *   order (the adapters' `requiredColumns`; the Agents e-mail column, unnamed in the seed, is `email`);
 * - instants as ISO-8601 with the offset of `timezone` at that instant ('2026-10-25T02:30:00+01:00',
 *   a fraction only when there are milliseconds; 'Z' form when the offset has seconds): exact on both
 *   sides of a DST change whatever zone the import uses; the invites' `date` is the Unix seconds of
 *   the local midnight of the hour's day and `hour_of_day` its local hour, as seed 003 prints them;
 * - ids without the 'c24:' prefix the import adds (other ids as stored), so an export of imported
 *   exports reads back to the same ids; `disabled` 0/1, `blocked` yes/no, `state` Online/Offline,
 *   surveys as the adapters read them (faces good/moderate/bad, thumbs up/down, scores 1-5);
 * - numbers as stored (shortest exact decimal, never an exponent); NULL as an empty field.
 *
 * Text is written as stored, with no spreadsheet-formula neutralisation (no leading `'`): nothing
 * says Conversation24 neutralises its exports, these files are for machines (the adapters would
 * keep the `'` and the round trip would change the data). Open them in a spreadsheet as text.
 *
 * Which rows (period = [from, to) as UTC instants, or everything):
 * - Conversations: those that started in the period and have at least one assignment (bot-only
 *   conversations have no place in an export without a bot; an imported one would come back as a
 *   missed chat). `assigned_agent_id`/`last_agent_id` are the conversation's first/last agent, else
 *   the agents of its first/last assignment with an agent; their `_account_id` is the agent's
 *   account (Agents), `_account_name` is empty (no canonical column holds it). The survey is the
 *   conversation's latest rating.
 * - Agent activity, Slots (agent_states of origin 'activity', 'slots') and Agent performance
 *   (agent_shifts): the intervals that overlap the period, whole.
 * - Automatic invites, Traffic: the hours that begin in the period. Agents, Hosts: all (static reports).
 */

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Param, Warehouse } from "@tallyline/warehouse";
import { formatOffset, localDate, offsetSeconds, startOfLocalDay } from "@tallyline/warehouse/time";
import { c24Adapters } from "../adapters/c24/index";
import { ID_PREFIX } from "../adapters/c24/parse";
import { AGENT_SHIFT_NUMBERS } from "../adapters/canonical/rules";

/** A value of an export record: text, a number, or empty (null). */
type Value = string | number | bigint | null;

/** A row as DuckDB streams it (TIMESTAMP as Date, INTEGER as number, BIGINT as bigint). */
type SourceRow = Readonly<Record<string, unknown>>;

/** Turns stored values into export text. */
interface Formatter {
  /** An instant as ISO-8601 with the export zone's offset; null for null. */
  ts(v: unknown): string | null;
  /** An id without the import's 'c24:' prefix; null for null. */
  id(v: unknown): string | null;
}

/** One export: adapter id, its SQL (params $1 = from, $2 = to, UTC) and how a row becomes a record. */
interface ExportSpec {
  readonly adapter: string;
  /** The key columns of a row, to name it in an error. */
  readonly key: readonly string[];
  readonly sql: string;
  record(row: SourceRow, f: Formatter, zone: string): Record<string, Value>;
}

/** A row that cannot be written so that the adapter reads it back; names file, row and column. */
export class C24ExportError extends Error {
  constructor(
    readonly file: string,
    readonly row: string,
    readonly column: string,
    readonly value: string,
    reason: string,
  ) {
    super(`${file}: row ${row}: ${column} ${JSON.stringify(value)} ${reason}`);
    this.name = "C24ExportError";
  }
}

/** Options of {@link writeC24Exports}. */
export interface C24ExportOptions {
  /**
   * IANA zone whose offsets the timestamps carry and whose local days `from`/`to` and the invites'
   * `date` and `hour_of_day` use. Default 'UTC'.
   */
  readonly timezone?: string;
  /** First local day (YYYY-MM-DD, inclusive); with `to`. Default: everything. */
  readonly from?: string;
  /** Last local day (YYYY-MM-DD, inclusive); with `from`. */
  readonly to?: string;
}

/** What {@link writeC24Exports} wrote: per file, its path, the adapter that reads it and its records. */
export interface C24ExportFile {
  readonly file: string;
  readonly adapter: string;
  readonly rows: number;
}

const NUMBER_COLUMNS_SIGNED = new Set(["totalGoalValue"]);

const onlineName = (v: unknown) => (v === "online" ? "Online" : v === "offline" ? "Offline" : (v as string | null));

/** Window of a row set that overlaps [from, to): starts before `to`, and ends after `from` (or has not ended). */
const overlaps = (start: string, end: string) =>
  `${start} < $2::TIMESTAMP AND (${start} >= $1::TIMESTAMP OR ${end} IS NULL OR ${end} > $1::TIMESTAMP)`;

const stateSql = (origin: "activity" | "slots") => `
  SELECT state_id, campaign_id, agent_id, time_start, time_end, state, duration_secs, account_id, entrypoint_type
  FROM agent_states
  WHERE origin = '${origin}' AND ${overlaps("time_start", "time_end")}
  ORDER BY time_start, state_id`;

/** survey_result text of a rating (the adapters' `surveyAnswer`), or undefined when it has none. */
function surveyText(scale: unknown, value: unknown): string | undefined {
  if (scale === "face") return ({ 1: "bad", 2: "moderate", 3: "good" } as Record<number, string>)[value as number];
  if (scale === "thumbs") return value === 1 ? "up" : value === 0 ? "down" : undefined;
  if (scale === "1-5") return [1, 2, 3, 4, 5].includes(value as number) ? String(value) : undefined;
  return undefined;
}

const flag01 = (v: unknown) => (v === true ? 1 : v === false ? 0 : null);
const yesNo = (v: unknown) => (v === true ? "yes" : v === false ? "no" : null);

const SPECS: readonly ExportSpec[] = [
  {
    adapter: "c24-agent-activity",
    key: ["state_id"],
    sql: stateSql("activity"),
    record: (r, f) => ({
      chatcampaign_id: f.id(r.campaign_id),
      agent_id: f.id(r.agent_id),
      time_start: f.ts(r.time_start),
      time_end: f.ts(r.time_end),
      state: onlineName(r.state),
      duration_secs: r.duration_secs as number | null,
      account_id: f.id(r.account_id),
      // The import writes 'c24:activity:{activity_id}'.
      activity_id: String(r.state_id).replace(/^c24:activity:/, ""),
    }),
  },
  {
    adapter: "c24-agent-performance",
    key: ["workshift_id", "campaign_id", "agent_id"],
    sql: `SELECT * FROM agent_shifts WHERE ${overlaps("workshift_start", "workshift_end")}
          ORDER BY workshift_start, workshift_id, campaign_id, agent_id`,
    record: (r, f) => ({
      ...pick(r, AGENT_SHIFT_NUMBERS),
      chatcampaign_id: f.id(r.campaign_id),
      agent_id: f.id(r.agent_id),
      workshift_id: f.id(r.workshift_id),
      account_id: f.id(r.account_id),
      chatcampaign_name: r.campaign_name as string | null,
      workshift_start: f.ts(r.workshift_start),
      workshift_end: f.ts(r.workshift_end),
    }),
  },
  {
    adapter: "c24-agents",
    key: ["agent_id"],
    sql: "SELECT * FROM agents ORDER BY agent_id",
    record: (r, f) => ({
      id: f.id(r.agent_id),
      username: r.username as string,
      firstname: r.first_name as string | null,
      lastname: r.last_name as string | null,
      email: r.email as string | null,
      account_id: f.id(r.account_id),
      disabled: flag01(r.disabled),
    }),
  },
  {
    adapter: "c24-conversations",
    key: ["conversation_id"],
    sql: `
      WITH a AS (
        SELECT conversation_id,
               first(agent_id ORDER BY assigned_at, seq) FILTER (WHERE agent_id IS NOT NULL) AS first_agent,
               last(agent_id ORDER BY assigned_at, seq) FILTER (WHERE agent_id IS NOT NULL) AS last_agent
        FROM assignments GROUP BY conversation_id
      ), r AS (
        SELECT conversation_id,
               first(scale ORDER BY rated_at DESC NULLS LAST, rating_id DESC) AS survey_scale,
               first(value ORDER BY rated_at DESC NULLS LAST, rating_id DESC) AS survey_value,
               first(comment ORDER BY rated_at DESC NULLS LAST, rating_id DESC) AS survey_comment
        FROM ratings WHERE conversation_id IS NOT NULL GROUP BY conversation_id
      ), c AS (
        SELECT c.*,
               coalesce(c.first_agent_id, a.first_agent, c.last_agent_id) AS first_agent,
               coalesce(c.last_agent_id, a.last_agent) AS last_agent,
               coalesce(c.duration_secs, epoch(c.ended_at) - epoch(c.started_at)) AS duration_total
        FROM conversations c JOIN a USING (conversation_id)
        WHERE c.started_at >= $1::TIMESTAMP AND c.started_at < $2::TIMESTAMP
      )
      SELECT c.*, fa.account_id AS first_account, la.account_id AS last_account,
             r.survey_scale, r.survey_value, r.survey_comment
      FROM c
      LEFT JOIN agents fa ON fa.agent_id = c.first_agent
      LEFT JOIN agents la ON la.agent_id = c.last_agent
      LEFT JOIN r USING (conversation_id)
      ORDER BY c.started_at, c.conversation_id`,
    record(r, f) {
      const survey = r.survey_scale == null ? null : surveyText(r.survey_scale, r.survey_value);
      if (survey === undefined) {
        throw new C24ExportError(
          "conversations.csv",
          String(r.conversation_id),
          "survey_result",
          `${r.survey_scale} ${r.survey_value}`,
          "cannot be written: Conversation24 surveys are faces 1-3, thumbs 0/1 or scores 1-5",
        );
      }
      return {
        chatcampaign_id: f.id(r.campaign_id),
        conversation_start: f.ts(r.started_at),
        session_id: f.id(r.conversation_id),
        assigned_agent_id: f.id(r.first_agent),
        assigned_agent_account_id: f.id(r.first_account),
        assigned_agent_account_name: null,
        last_agent_id: f.id(r.last_agent),
        last_agent_account_id: f.id(r.last_account),
        last_agent_account_name: null,
        visitor_id: f.id(r.contact_id),
        account_id: f.id(r.account_id),
        host_id: f.id(r.host_id),
        num_messages: r.message_count as number | null,
        duration_total_secs: r.duration_total as number | null,
        duration_conversation_secs: r.conversation_secs as number | null,
        duration_afterclose_secs: r.afterclose_secs as number | null,
        avgMessageLength: r.avg_message_length as number | null,
        maxMessageLength: r.max_message_length as number | null,
        requestType: r.entrypoint_type as string | null,
        requestSource: r.entrypoint as string | null,
        firstResponseTime: r.first_response_secs as number | null,
        firstReplyTime: r.first_reply_secs as number | null,
        avgResponseTime: r.avg_response_secs as number | null,
        maxResponseTime: r.max_response_secs as number | null,
        decisionTime: r.decision_secs as number | null,
        transcriptUrl: r.transcript_url as string | null,
        acceptUrl: r.accept_url as string | null,
        successcode: r.success_code as string | null,
        survey_result: survey,
        survey_comment: survey === null ? null : (r.survey_comment as string | null),
        visitor_identifier: r.visitor_identifier as string | null,
        blocked: yesNo(r.blocked),
        block_reason: r.block_reason as string | null,
        goals: r.goals as string | null,
        totalGoalValue: r.total_goal_value as number | null,
        handlingType: r.handling_type as string | null,
      };
    },
  },
  {
    adapter: "c24-invites",
    key: ["campaign_id", "filter_id", "hour_begin_time"],
    sql: `SELECT * FROM invites_hourly WHERE hour_begin_time >= $1::TIMESTAMP AND hour_begin_time < $2::TIMESTAMP
          ORDER BY hour_begin_time, campaign_id, filter_id`,
    record(r, f, zone) {
      const begin = (r.hour_begin_time as Date).getTime();
      const local = begin + offsetSeconds(zone, begin) * 1000;
      return {
        ...pick(r, INVITE_COUNTS),
        chatcampaign_id: f.id(r.campaign_id),
        date: startOfLocalDay(zone, localDate(zone, begin)).getTime() / 1000,
        hour_of_day: new Date(local).getUTCHours(),
        filter_id: f.id(r.filter_id),
        account_id: f.id(r.account_id),
        hour_begin_time: f.ts(r.hour_begin_time),
        // Seed 003: "the end of that hour (59 minutes, 59 seconds)".
        hour_end_time: f.ts(new Date(begin + 3599_000)),
        filter_name: r.filter_name as string | null,
      };
    },
  },
  {
    adapter: "c24-hosts",
    key: ["host_id"],
    sql: "SELECT * FROM hosts ORDER BY host_id",
    record: (r, f) => ({
      id: f.id(r.host_id),
      account_id: f.id(r.account_id),
      hostname: r.hostname as string,
      multiple_acc_id: f.id(r.multiple_acc_id),
    }),
  },
  {
    adapter: "c24-traffic",
    key: ["campaign_id", "entrypoint_id", "hour_begin_time"],
    sql: `SELECT * FROM traffic_hourly WHERE hour_begin_time >= $1::TIMESTAMP AND hour_begin_time < $2::TIMESTAMP
          ORDER BY hour_begin_time, campaign_id, entrypoint_id`,
    record: (r, f) => ({
      chatcampaign_id: f.id(r.campaign_id),
      hour_begin_time: f.ts(r.hour_begin_time),
      entrypoint_id: f.id(r.entrypoint_id),
      entrypoint: r.entrypoint as string | null,
      visits: r.visits as number,
      views: r.views as number,
      clicks: r.clicks as number,
      chats: r.chats as number,
    }),
  },
  {
    adapter: "c24-slots",
    key: ["state_id"],
    sql: stateSql("slots"),
    record: (r, f) => ({
      chatcampaign_id: f.id(r.campaign_id),
      agent_id: f.id(r.agent_id),
      time_start: f.ts(r.time_start),
      time_end: f.ts(r.time_end),
      state: onlineName(r.state),
      entrypoint_type: r.entrypoint_type as string | null,
      duration: r.duration_secs as number | null,
    }),
  },
];

const INVITE_COUNTS = [
  "num_proactive",
  "num_proactive_accepted",
  "num_proactive_declined",
  "num_proactive_match",
  "num_proactive_cancelled",
  "num_proactive_no_availability",
  "num_proactive_expired",
  "num_proactive_ignored",
] as const;

function pick(r: SourceRow, columns: readonly string[]): Record<string, Value> {
  return Object.fromEntries(columns.map((c) => [c, (r[c] ?? null) as Value]));
}

/** The file name of an export: its adapter id without 'c24-', as the generator names them. */
export function c24FileName(adapterId: string): string {
  return `${adapterId.slice("c24-".length)}.csv`;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field, RFC 4180: quoted (quotes doubled) when it holds a comma, quote or line break. */
function field(v: Value): string {
  if (v === null) return "";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return plainNumber(v);
  return NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * A finite number as a plain decimal, as the adapters read numbers (no exponent): the shortest text
 * that reads back to the same double (`String(n)`), with an exponent form spelt out in digits
 * (1e-7 -> '0.0000001', 1e21 -> '1000000000000000000000'). Throws RangeError for NaN or Infinity.
 */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`Cannot write ${n} as a number`);
  const text = String(n);
  if (!/e/i.test(text)) return text;
  if (Math.abs(n) >= 1) return BigInt(n).toString();
  // Below 1e-6: the exponent form's digits, shifted.
  const [mantissa = "", exp = "0"] = (n < 0 ? text.slice(1) : text).split("e");
  const digits = mantissa.replace(".", "");
  const zeros = -Number(exp) - 1;
  return `${n < 0 ? "-" : ""}0.${"0".repeat(zeros)}${digits}`;
}

/** The local ISO-8601 text of `at` in `zone` with its offset ('Z' form when the offset has seconds). */
function isoWithOffset(at: Date, zone: string): string {
  const ms = at.getTime();
  const off = offsetSeconds(zone, ms);
  const fraction = ms % 1000 === 0 ? "" : `.${String(((ms % 1000) + 1000) % 1000).padStart(3, "0")}`;
  if (off % 60 !== 0) return `${at.toISOString().slice(0, 19)}${fraction}Z`;
  return `${new Date(ms + off * 1000).toISOString().slice(0, 19)}${fraction}${formatOffset(off)}`;
}

/** The UTC window of local days `from`..`to` in `zone`, as DuckDB TIMESTAMP text; everything without them. */
function window(zone: string, from: string | undefined, to: string | undefined): [string, string] {
  const sql = (d: Date) => d.toISOString().replace("T", " ").replace("Z", "");
  if (from === undefined && to === undefined) return ["1970-01-01 00:00:00", "2100-01-01 00:00:00"];
  if (from === undefined || to === undefined) throw new RangeError("Give both from and to, or neither");
  nextDay(from); // throws for a day that does not exist
  const start = startOfLocalDay(zone, from);
  const end = startOfLocalDay(zone, nextDay(to));
  if (!(start < end)) throw new RangeError(`from ${from} is after to ${to}`);
  return [sql(start), sql(end)];
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) {
    throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  }
  return new Date(d.getTime() + 86_400_000).toISOString().slice(0, 10);
}

/** The eight exports' file names in seed order ('agent-activity.csv', ...). */
export const C24_EXPORT_FILES: readonly string[] = c24Adapters.map((a) => c24FileName(a.id));

/** Checked options: zone, and the UTC window as DuckDB TIMESTAMP text. Throws RangeError. */
function resolve(options: C24ExportOptions): { zone: string; params: Param[] } {
  const zone = options.timezone ?? "UTC";
  offsetSeconds(zone, 0); // throws RangeError for an unknown zone
  return { zone, params: window(zone, options.from, options.to) };
}

/**
 * The text of one export (`file`, one of {@link C24_EXPORT_FILES}), streamed from a read connection
 * of `wh` (the data as committed when its statement starts): the header line first, then one
 * string per chunk of about 2,048 records (each line ends with CRLF). `onRecords` hears the records
 * written so far. The connection is closed when the generator ends, fails or is returned early
 * (a client that went away). Throws RangeError for an unknown file, zone or day (before anything
 * is yielded) and {@link C24ExportError} for a row the adapter would refuse (possibly after some
 * text was yielded).
 */
export async function* c24ExportText(
  wh: Warehouse,
  file: string,
  options: C24ExportOptions = {},
  onRecords?: (n: number) => void,
): AsyncGenerator<string> {
  const a = c24Adapters.find((x) => c24FileName(x.id) === file);
  const spec = SPECS.find((s) => s.adapter === a?.id);
  if (!a || !spec) throw new RangeError(`No Conversation24 export "${file}" (one of ${C24_EXPORT_FILES.join(", ")})`);
  const { zone, params } = resolve(options);
  const f: Formatter = {
    ts: (v) => (v === null || v === undefined ? null : isoWithOffset(v as Date, zone)),
    id: (v) =>
      v === null || v === undefined
        ? null
        : String(v).startsWith(ID_PREFIX)
          ? String(v).slice(ID_PREFIX.length)
          : String(v),
  };
  const columns = a.requiredColumns;
  const required = columns.filter((c) => !(a.optionalColumns ?? []).includes(c));
  const owner = { close: async () => {} };
  const [conn] = await wh.attach(owner, 1);
  if (!conn) throw new Error("no read connection");
  owner.close = async () => conn.closeSync();
  try {
    yield `${columns.join(",")}\r\n`;
    const result = await conn.stream(spec.sql, spec.sql.includes("$1") ? params : []);
    let records = 0;
    for await (const chunk of result.yieldRowObjectJs()) {
      let text = "";
      for (const row of chunk) {
        const rec = spec.record(row, f, zone);
        check(file, spec, row, rec, required);
        text += `${columns.map((c) => field(rec[c] ?? null)).join(",")}\r\n`;
      }
      records += chunk.length;
      onRecords?.(records);
      yield text;
    }
  } finally {
    await owner.close();
    wh.detach(owner);
  }
}

/**
 * Writes the eight Conversation24 exports of the warehouse's canonical tables into `dir` (created
 * if needed; files of the same names are replaced, each only once it is complete; see
 * {@link c24ExportText}). Returns the files in seed order with their record counts. Throws
 * RangeError for a bad zone or day (before any file is written), {@link C24ExportError} for a row
 * the adapter would refuse (that file is then not written; the files before it are), and the file
 * system's or warehouse's error otherwise.
 */
export async function writeC24Exports(
  wh: Warehouse,
  dir: string,
  options: C24ExportOptions = {},
): Promise<C24ExportFile[]> {
  resolve(options);
  await mkdir(dir, { recursive: true });
  const written: C24ExportFile[] = [];
  for (const a of c24Adapters) {
    const name = c24FileName(a.id);
    const path = join(dir, name);
    const partial = `${path}.partial`;
    const out = createWriteStream(partial, { encoding: "utf8" });
    // A write error rejects the next wait on the stream (once() rejects on 'error').
    out.on("error", () => {});
    let rows = 0;
    try {
      for await (const text of c24ExportText(wh, name, options, (n) => {
        rows = n;
      })) {
        if (!out.write(text)) await once(out, "drain");
      }
      out.end();
      await once(out, "finish");
      await rename(partial, path);
    } catch (e) {
      if (!out.destroyed) {
        out.destroy();
        await once(out, "close");
      }
      await rm(partial, { force: true });
      throw e;
    }
    written.push({ file: path, adapter: a.id, rows });
  }
  return written;
}

/** Refuses what the adapter would refuse: an empty required field, a negative number (but a goal value). */
function check(
  file: string,
  spec: ExportSpec,
  row: SourceRow,
  rec: Record<string, Value>,
  required: readonly string[],
): void {
  const key = () =>
    spec.key.map((k) => String(row[k] instanceof Date ? (row[k] as Date).toISOString() : row[k])).join("/");
  for (const c of required) {
    const v = rec[c];
    if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) {
      throw new C24ExportError(file, key(), c, String(v ?? ""), "is empty, and Conversation24's export requires it");
    }
  }
  for (const [c, v] of Object.entries(rec)) {
    if (typeof v === "number" && v < 0 && !NUMBER_COLUMNS_SIGNED.has(c)) {
      throw new C24ExportError(
        file,
        key(),
        c,
        String(v),
        "is negative: the export's counts and durations are 0 or more",
      );
    }
  }
}
