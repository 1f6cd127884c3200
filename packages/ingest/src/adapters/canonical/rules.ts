/**
 * Values that cannot be true, per canonical table: a count, duration or length below zero, an end
 * before its start, a first response or a close before its assignment, a rating off its scale, a
 * score off 0-100, a position below 1. Each is refused like a value of the wrong type (a problem of
 * its row, named by file, line, column and value); none is clamped: a canonical file is written by a
 * tool, and a tool that writes them has a bug to fix, not skew to absorb. docs/canonical-format.md
 * lists them.
 *
 * A rule is SQL over the row's typed values (`typed(column)` gives the expression of one), so the
 * same rule serves the fast path (over values cast once) and the careful one (over the cast of the
 * text). A value that does not cast is NULL there, and NULL never breaks a rule: its type check
 * names it instead. A rule applies when the file has every column it reads.
 */
import type { LoadableTable } from "./tables";

/** One rule: the column its problem is reported on, the columns it reads, and when a row breaks it. */
export interface Rule {
  readonly column: string;
  readonly reads: readonly string[];
  /** SQL true when the row breaks the rule, over `typed(column)` expressions. */
  readonly broken: (typed: (column: string) => string) => string;
  readonly reason: string;
}

const atLeast = (min: number, reason: string) => (column: string) => ({
  column,
  reads: [column],
  broken: (t: (c: string) => string) => `${t(column)} < ${min}`,
  reason,
});
/** Counts, durations, lengths and means: 0 or more. */
const nonNegative = atLeast(0, "is negative: a count, duration or length is 0 or more");
/** Positions (`seq`): 1 or more. */
const position = atLeast(1, "is below 1: positions count from 1");

/** `later` is not before `earlier` (both timestamps). */
const notBefore = (later: string, earlier: string, why: string): Rule => ({
  column: later,
  reads: [later, earlier],
  broken: (t) => `${t(later)} < ${t(earlier)}`,
  reason: `is before ${earlier}: ${why}`,
});

/** `column` is one of `values` (numbers). */
const oneOf = (column: string, values: readonly number[], reason: string, when?: Rule["broken"]): Rule => ({
  column,
  reads: when ? [column, "scale"] : [column],
  broken: (t) => `${when ? `(${when(t)}) AND ` : ""}${t(column)} NOT IN (${values.join(", ")})`,
  reason,
});

/** `column` (text) is one of `values`. */
const textIn = (column: string, values: readonly string[], what: string): Rule => ({
  column,
  reads: [column],
  broken: (t) => `${t(column)} NOT IN (${values.map((v) => `'${v}'`).join(", ")})`,
  reason: `is not ${what}: ${values.join(", ")}`,
});

/** The pattern of a local time 'HH:MM' from 00:00 to 23:59. */
const HHMM = "([01][0-9]|2[0-3]):[0-5][0-9]";

/** A local time 'HH:MM' (00:00-23:59, or 24:00 when `end`). */
const localTime = (column: string, end: boolean): Rule => ({
  column,
  reads: [column],
  broken: (t) => `NOT regexp_full_match(${t(column)}, '${HHMM}')${end ? ` AND ${t(column)} <> '24:00'` : ""}`,
  reason: `is not a local time 'HH:MM' (00:00-23:59${end ? ", or 24:00 for the end of the day" : ""})`,
});

/** `closes` after `opens` (both 'HH:MM', which compare as text). */
const closesAfterOpens: Rule = {
  column: "closes",
  reads: ["opens", "closes"],
  broken: (t) =>
    `${t("closes")} <= ${t("opens")} AND regexp_full_match(${t("opens")}, '${HHMM}') AND regexp_full_match(${t("closes")}, '${HHMM}|24:00')`,
  reason: "is not after opens: an interval ends after it begins (a night shift is two rows, one per day)",
};

const ratingScale = (scale: string) => (t: (c: string) => string) => `${t("scale")} = '${scale}'`;

/** Every rule of each table (docs/canonical-format.md "Values that cannot be true"). */
/** The numeric columns of `agent_shifts` (counts, a ratio and durations in seconds): none is negative. The Conversation24 writer (export/c24.ts) writes them in this order. */
export const AGENT_SHIFT_NUMBERS = [
  "num_chats",
  "num_breaks",
  "num_ignored",
  "num_abandoned",
  "avg_concurrency",
  "first_response_duration",
  "open_duration",
  "closed_duration",
  "online_duration",
  "offline_duration",
  "available_duration",
  "idle_duration",
  "session_duration",
  "survey_num_good",
  "survey_num_bad",
  "survey_num_moderate",
] as const;

export const RULES: Readonly<Partial<Record<LoadableTable, readonly Rule[]>>> = {
  calls: [
    ...["ivr_secs", "wait_secs", "talk_secs", "handle_secs"].map(nonNegative),
    notBefore("ended_at", "started_at", "a call cannot end before it starts"),
    oneOf("csat", [1, 2, 3, 4, 5], "is not on the 1-5 scale"),
  ],
  conversations: [
    ...[
      "message_count",
      "duration_secs",
      "conversation_secs",
      "afterclose_secs",
      "first_response_secs",
      "first_reply_secs",
      "avg_response_secs",
      "max_response_secs",
      "decision_secs",
      "avg_message_length",
      "max_message_length",
    ].map(nonNegative),
    notBefore("ended_at", "started_at", "a conversation cannot end before it starts"),
  ],
  messages: [
    position("seq"),
    nonNegative("length_chars"),
    textIn("kind", ["message", "private", "template", "automated", "activity"], "a message kind"),
  ],
  assignments: [
    position("seq"),
    notBefore("accepted_at", "assigned_at", "an assignment cannot be accepted before it is made"),
    notBefore("first_response_at", "assigned_at", "a first response cannot come before its assignment"),
    notBefore("closed_at", "assigned_at", "an assignment cannot close before it is made"),
  ],
  ratings: [
    {
      column: "scale",
      reads: ["scale"],
      broken: (t) => `${t("scale")} NOT IN ('thumbs', 'face', '1-5')`,
      reason: "is not a rating scale: thumbs, face or 1-5",
    },
    oneOf("value", [0, 1], "is not on the thumbs scale (0 down, 1 up)", ratingScale("thumbs")),
    oneOf("value", [1, 2, 3], "is not on the face scale (1 bad, 2 moderate, 3 good)", ratingScale("face")),
    oneOf("value", [1, 2, 3, 4, 5], "is not on the 1-5 scale", ratingScale("1-5")),
  ],
  conversation_events: [
    position("seq"),
    textIn("event", ["opened", "pending", "handoff", "snoozed", "resolved", "reopened"], "a conversation event"),
    textIn("actor_kind", ["agent", "bot", "customer", "system"], "an actor kind"),
  ],
  conversation_labels: [textIn("added_by_kind", ["agent", "bot", "system"], "a kind of labeller")],
  business_hours: [
    {
      column: "weekday",
      reads: ["weekday"],
      broken: (t) => `${t("weekday")} NOT BETWEEN 1 AND 7`,
      reason: "is not an ISO weekday: 1 (Monday) to 7 (Sunday)",
    },
    localTime("opens", false),
    localTime("closes", true),
    closesAfterOpens,
    {
      column: "timezone",
      reads: ["timezone"],
      broken: (t) => `${t("timezone")} NOT IN (SELECT name FROM pg_timezone_names())`,
      reason: "is not an IANA time zone, e.g. Europe/Amsterdam",
    },
  ],
  business_holidays: [
    {
      column: "date",
      reads: ["date"],
      broken: (t) => `try_strptime(${t("date")}, '%Y-%m-%d') IS NULL OR length(${t("date")}) <> 10`,
      reason: "is not a date 'YYYY-MM-DD'",
    },
    localTime("opens", false),
    localTime("closes", true),
    closesAfterOpens,
    {
      column: "closes",
      reads: ["opens", "closes"],
      broken: (t) => `(${t("opens")} IS NULL) <> (${t("closes")} IS NULL)`,
      reason: "is given without opens, or opens without it: a partial holiday has both, a full one neither",
    },
  ],
  call_check_results: [
    {
      column: "score",
      reads: ["score"],
      broken: (t) => `${t("score")} NOT BETWEEN 0 AND 100`,
      reason: "is not a score from 0 to 100",
    },
  ],
  agent_states: [
    nonNegative("duration_secs"),
    notBefore("time_end", "time_start", "a state cannot end before it begins"),
  ],
  agent_shifts: [
    ...AGENT_SHIFT_NUMBERS.map(nonNegative),
    notBefore("workshift_end", "workshift_start", "a shift cannot end before it starts"),
  ],
  invites_hourly: [
    "num_proactive",
    "num_proactive_accepted",
    "num_proactive_declined",
    "num_proactive_match",
    "num_proactive_cancelled",
    "num_proactive_no_availability",
    "num_proactive_expired",
    "num_proactive_ignored",
  ].map(nonNegative),
  traffic_hourly: ["visits", "views", "clicks", "chats"].map(nonNegative),
};

/** The rules of `table` that a file with `columns` can break. */
export function rulesFor(table: LoadableTable, columns: readonly string[]): Rule[] {
  return (RULES[table] ?? []).filter((r) => r.reads.every((c) => columns.includes(c)));
}
