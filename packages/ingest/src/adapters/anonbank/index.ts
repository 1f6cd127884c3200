/**
 * Adapter for the "Anonymous Bank" call log (Technion SEE lab; ../shared/data/real/anonbank-feb1999):
 * tab-separated, one row per call, dates YYMMDD and times of day H:MM:SS without a date.
 *
 * Mapping decisions (they fix what the call reports count):
 * - Key: `vru+line` together with `call_id` (call_id alone repeats across lines):
 *   `call_id = 'anonbank:{vru+line}:{call_id}'`.
 * - `started_at` is `date` + `vru_entry`, read in the import's time zone (the file has none). Its
 *   instants must fall in the years 1970-2099 in UTC (time.ts, as in every adapter): 700101 0:30:00
 *   read east of UTC is refused on `date`.
 *   A later stage time (queue, service, exits) earlier than `vru_entry` by more than 12 hours
 *   belongs to the next day (calls that cross midnight).
 * - Queued: the call entered the agent queue when `q_time > 0` or `q_start` is not 0:00:00.
 * - `answered`: outcome AGENT (served by an agent), whether or not `server` names the agent.
 * - `abandoned`: outcome HANG after entering the queue. A HANG that never queued hung up in the
 *   voice menu (IVR) and is neither answered nor abandoned: the caller never asked for an agent,
 *   and industry abandonment counts only callers who left the agent queue. PHANTOM (ghost) calls
 *   are neither answered nor abandoned; they still count as offered (they reached the system).
 * - Durations: `vru_time`, `q_time`, `ser_time` in seconds. A negative vru_time (25 rows of the
 *   February file: clock skew between the IVR and the switch) is clamped to 0, the row kept, with a
 *   warning; a negative q_time or ser_time rejects the row.
 * - A served call (AGENT) whose `ser_start` and `ser_exit` are both 0:00:00 (50 rows of the February
 *   file, all with ser_time 0: the log's way of writing "not recorded", as q_start 0:00:00 is for a
 *   call that never queued) has no service times: `answered_at` is NULL and `ended_at` is the queue
 *   exit (the IVR exit when it never queued), with a warning. Read as times, they put the call's end
 *   up to 11 hours before its start.
 * - A call whose end falls before its start (`vru_entry`) is refused, except a call that never queued
 *   and has a negative vru_time (the same clock skew, clamped): it ends at its entry.
 * - `talk_secs` = `handle_secs` = `ser_time` for answered calls (the log has no hold or wrap-up
 *   time), NULL otherwise. `wait_secs` = `q_time` (0 when the call never queued).
 * - `agent_id`: 'anonbank:{server}' unless server is NO_SERVER; each named server is an agent.
 * - `contact_id`: 'anonbank:{customer_id}', NULL when customer_id is 0 (unidentified caller). The id is
 *   kept as text, verbatim: 21 rows of the February file carry Excel-mangled ids such as 6.02701E+11,
 *   whose digits are lost; they stay distinct strings rather than failing the file.
 * - One campaign, 'anonbank', channel 'call'; `queue` is the service type (PS, NW, IN, NE, TT, PE).
 */
import { isInYearRange, YEAR_RANGE_REASON, zonedToUtc } from "@tallyline/warehouse/time";
import type { CanonicalRows, DelimitedAdapter, MapContext, MapResult } from "../../adapter";
import type { Record as DelimitedRecord } from "../../delimited";
import type { RowIssue } from "../../errors";

const COLUMNS = [
  "vru+line",
  "call_id",
  "customer_id",
  "priority",
  "type",
  "date",
  "vru_entry",
  "vru_exit",
  "vru_time",
  "q_start",
  "q_exit",
  "q_time",
  "outcome",
  "ser_start",
  "ser_exit",
  "ser_time",
  "server",
] as const;

const OUTCOMES = new Set(["AGENT", "HANG", "PHANTOM"]);
const DATE = /^(\d{2})(\d{2})(\d{2})$/;
const TIME = /^(\d{1,2}):(\d{2}):(\d{2})$/;
const INT = /^-?\d+$/;
const HALF_DAY = 12 * 3600;

export const CAMPAIGN_ID = "anonbank";

/** Two-digit years: 70-99 are 19xx, 00-69 are 20xx. */
function fullYear(yy: number): number {
  return yy >= 70 ? 1900 + yy : 2000 + yy;
}

class RecordReader {
  readonly issues: RowIssue[] = [];
  constructor(
    private readonly rec: DelimitedRecord,
    private readonly ctx: MapContext,
  ) {}

  raw(col: string): string {
    return (this.rec.values[col] ?? "").trim();
  }

  fail(col: string, reason: string): undefined {
    this.issues.push(this.at(col, reason));
    return undefined;
  }

  /** An issue or warning on `col` of this record, with its value. */
  at(col: string, reason: string): RowIssue {
    return { file: this.ctx.file, line: this.rec.line, column: col, value: this.raw(col), reason };
  }

  text(col: string): string | undefined {
    const v = this.raw(col);
    return v === "" ? this.fail(col, "is empty") : v;
  }

  int(col: string): number | undefined {
    const v = this.raw(col);
    return INT.test(v) ? Number(v) : this.fail(col, "is not a whole number");
  }

  /** Seconds since midnight of an H:MM:SS value. */
  timeOfDay(col: string): number | undefined {
    const m = TIME.exec(this.raw(col));
    if (!m) return this.fail(col, "is not a time of day H:MM:SS");
    const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (h > 23 || mi > 59 || s > 59) return this.fail(col, "is not a valid time of day");
    return h * 3600 + mi * 60 + s;
  }

  date(col: string): [number, number, number] | undefined {
    const m = DATE.exec(this.raw(col));
    if (!m) return this.fail(col, "is not a date YYMMDD");
    const [y, mo, d] = [fullYear(Number(m[1])), Number(m[2]), Number(m[3])];
    const probe = new Date(Date.UTC(y, mo - 1, d));
    if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return this.fail(col, "is not a calendar date");
    return [y, mo, d];
  }
}

const nonNegative = (n: number) => Math.max(0, n);

/** The anonbank call-log adapter (see the module comment for every mapping decision). */
export const anonbankAdapter: DelimitedAdapter = {
  id: "anonbank",
  description: "Anonymous Bank call log (tab-, comma- or semicolon-separated; vru+line, call_id, ... server)",
  // Tab-separated as published; re-hosted copies use commas or semicolons.
  delimiter: ["\t", ",", ";"],
  requiredColumns: COLUMNS,

  fileRows(ctx: MapContext): CanonicalRows {
    return {
      campaigns: [
        {
          campaign_id: CAMPAIGN_ID,
          source: "anonbank",
          import_id: ctx.importId,
          name: "Anonymous Bank",
          channel: "call",
        },
      ],
    };
  },

  mapRecord(rec: DelimitedRecord, ctx: MapContext): MapResult {
    const r = new RecordReader(rec, ctx);
    const line = r.text("vru+line");
    const callId = r.int("call_id");
    const customer = r.text("customer_id");
    const priority = r.int("priority");
    const queue = r.text("type");
    const date = r.date("date");
    const vruEntry = r.timeOfDay("vru_entry");
    const vruExit = r.timeOfDay("vru_exit");
    const vruTime = r.int("vru_time");
    const qStart = r.timeOfDay("q_start");
    const qExit = r.timeOfDay("q_exit");
    const qTime = r.int("q_time");
    const outcome = r.text("outcome");
    const serStart = r.timeOfDay("ser_start");
    const serExit = r.timeOfDay("ser_exit");
    const serTime = r.int("ser_time");
    const server = r.text("server");
    if (outcome !== undefined && !OUTCOMES.has(outcome)) r.fail("outcome", "is not one of AGENT, HANG, PHANTOM");
    if (qTime !== undefined && qTime < 0) r.fail("q_time", "is negative");
    if (serTime !== undefined && serTime < 0) r.fail("ser_time", "is negative");
    if (r.issues.length > 0) return { issues: r.issues };
    // All values are present from here on (every reader either returned a value or recorded an issue).
    const [y, mo, d] = date as [number, number, number];
    const entry = vruEntry as number;
    const instant = (secs: number): Date => {
      const dayShift = secs < entry - HALF_DAY ? 1 : 0;
      return zonedToUtc(ctx.timezone, y, mo, d + dayShift, 0, 0, secs);
    };
    const queued = (qTime as number) > 0 || qStart !== 0;
    const answered = outcome === "AGENT";
    const abandoned = outcome === "HANG" && queued;
    const named = server !== "NO_SERVER";
    const talk = answered ? nonNegative(serTime as number) : null;
    // 0:00:00 for both service times is the log's "not recorded" (module comment).
    const served = answered && !(serStart === 0 && serExit === 0);
    const [endColumn, endSecs] = served
      ? ["ser_exit", serExit as number]
      : queued
        ? ["q_exit", qExit as number]
        : ["vru_exit", vruExit as number];
    // The voice menu's own skew (a negative vru_time, clamped) never ends a call before it starts.
    const skewed = endColumn === "vru_exit" && (vruTime as number) < 0;
    const times = {
      started_at: instant(entry),
      queued_at: queued ? instant(qStart as number) : null,
      answered_at: served ? instant(serStart as number) : null,
      ended_at: instant(skewed ? entry : endSecs),
    };
    // The years rule (UTC), reported on the date: YYMMDD only reaches it near 1970-01-01 00:00 UTC.
    if (!Object.values(times).every((t) => t === null || isInYearRange(t))) {
      r.fail("date", YEAR_RANGE_REASON);
      return { issues: r.issues };
    }
    if (times.ended_at < times.started_at) {
      r.fail(endColumn, `is before vru_entry ${r.raw("vru_entry")}: a call cannot end before it starts`);
      return { issues: r.issues };
    }
    const warnings: RowIssue[] = [];
    if ((vruTime as number) < 0)
      warnings.push(
        r.at(
          "vru_time",
          `is negative (clock skew between the voice unit and the switch): ivr_secs is 0${skewed ? ", and the call, which never queued, ends at its vru_entry" : ""}`,
        ),
      );
    if (answered && !served)
      warnings.push(
        r.at(
          "ser_start",
          `is 0:00:00, as is ser_exit, on a served (AGENT) call: the service was not recorded, so answered_at is empty and ended_at is the ${queued ? "queue" : "voice-menu"} exit`,
        ),
      );
    const rows: CanonicalRows = {
      calls: [
        {
          call_id: `anonbank:${line}:${callId}`,
          source: "anonbank",
          import_id: ctx.importId,
          campaign_id: CAMPAIGN_ID,
          agent_id: named ? `anonbank:${server}` : null,
          contact_id: customer === "0" ? null : `anonbank:${customer}`,
          queue,
          priority,
          ...times,
          ivr_secs: nonNegative(vruTime as number),
          wait_secs: nonNegative(qTime as number),
          talk_secs: talk,
          handle_secs: talk,
          answered,
          abandoned,
          outcome,
          resolved: null,
          csat: null,
          topic: null,
        },
      ],
    };
    if (named) {
      rows.agents = [
        {
          agent_id: `anonbank:${server}`,
          source: "anonbank",
          import_id: ctx.importId,
          username: server,
          disabled: false,
        },
      ];
    }
    return { rows, warnings };
  },
};
