/**
 * The call data of the benchmarks (bench/calls.ts, bench/peers.ts), made with SQL inside DuckDB (see
 * bench/calls.ts for what it models), straight into a migrated warehouse's canonical tables, in
 * 30-day batches as periodic imports would arrive, over 730 local days ending 2026-11-20
 * (Europe/Amsterdam).
 */
import { deriveColumns, type Warehouse } from "@tallyline/warehouse";

const timezone = "Europe/Amsterdam";
const firstDay = "2024-11-21";
/** Local days of call data, ending 2026-11-20. */
export const days = 730;
const batchDays = 30;

/** Relative call volume by ISO weekday, Monday first. */
const WEEKDAY = [1.2, 1.05, 1, 0.95, 0.9, 0.35, 0.2];
/** Relative volume per local hour on weekdays (open 08:00-20:00) and at weekends (09:00-17:00). */
const WEEKDAY_HOURS = [0, 0, 0, 0, 0, 0, 0, 0, 5, 10, 12, 11, 8, 9, 11, 10, 8, 6, 4, 3, 0, 0, 0, 0];
const WEEKEND_HOURS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 10, 11, 10, 9, 8, 6, 4, 0, 0, 0, 0, 0, 0, 0];
/** Volume factor of local dates ('MM-DD') with less traffic. */
const HOLIDAYS: Record<string, number> = { "12-24": 0.6, "12-25": 0.1, "12-26": 0.2, "12-31": 0.5, "01-01": 0.1 };

/** Campaigns by share of calls. */
const CAMPAIGNS: readonly (readonly [string, number])[] = [
  ["Consumer", 30],
  ["Business", 20],
  ["Energy", 15],
  ["Insurance", 10],
  ["Telecom", 10],
  ["Travel", 7],
  ["Public sector", 5],
  ["Retail", 3],
];

/** A queue: share of calls, median talk seconds, share of calls resolved, topics (by {@link TOPIC_WEIGHTS}). */
interface Queue {
  readonly name: string;
  readonly weight: number;
  readonly talkSecs: number;
  readonly resolved: number;
  readonly topics: readonly [string, string, string, string];
}
const QUEUES: readonly Queue[] = [
  {
    name: "Support",
    weight: 30,
    talkSecs: 240,
    resolved: 0.8,
    topics: ["Order status", "Delivery", "Returns", "Technical issue"],
  },
  {
    name: "Billing",
    weight: 20,
    talkSecs: 200,
    resolved: 0.84,
    topics: ["Invoice question", "Payment failed", "Refund", "Direct debit"],
  },
  {
    name: "Sales",
    weight: 15,
    talkSecs: 300,
    resolved: 0.76,
    topics: ["Product advice", "Quote", "Promotion", "Upgrade"],
  },
  {
    name: "Technical",
    weight: 15,
    talkSecs: 420,
    resolved: 0.66,
    topics: ["Outage", "Installation", "Login problem", "Device setup"],
  },
  {
    name: "Retention",
    weight: 10,
    talkSecs: 360,
    resolved: 0.7,
    topics: ["Cancellation", "Contract renewal", "Complaint", "Price match"],
  },
  {
    name: "Priority",
    weight: 10,
    talkSecs: 280,
    resolved: 0.86,
    topics: ["Business account", "Escalation", "Fraud report", "Urgent repair"],
  },
];
const TOPIC_WEIGHTS = [40, 30, 20, 10];

/** A quality check: typical score (0-100), whether it gives a score or pass/fail only, why it fails. */
interface Check {
  readonly name: string;
  readonly description: string;
  readonly level: number;
  readonly scored: boolean;
  readonly reasons: readonly [string, string];
}
export const CHECKS: readonly Check[] = [
  {
    name: "Opening Greeting",
    description: "Greets the caller and names the company within 10 seconds.",
    level: 88,
    scored: true,
    reasons: ["No greeting in the first 10 seconds", "Company name not mentioned"],
  },
  {
    name: "Customer Verification",
    description: "Verifies the caller before sharing account details.",
    level: 82,
    scored: false,
    reasons: ["Account details shared before verification", "Verification skipped"],
  },
  {
    name: "Needs Discovery",
    description: "Asks questions until the reason for the call is clear.",
    level: 80,
    scored: true,
    reasons: ["Reason for the call assumed", "No follow-up questions"],
  },
  {
    name: "Empathy",
    description: "Acknowledges the caller's situation and does not interrupt.",
    level: 78,
    scored: true,
    reasons: ["Interrupted the caller", "Problem not acknowledged"],
  },
  {
    name: "Active Listening",
    description: "Summarises what the caller said before answering.",
    level: 81,
    scored: true,
    reasons: ["Caller had to repeat the question", "No summary of the request"],
  },
  {
    name: "Hold Procedure",
    description: "Asks before putting the caller on hold and thanks them after.",
    level: 85,
    scored: true,
    reasons: ["Put on hold without asking", "Hold longer than announced"],
  },
  {
    name: "Accurate Information",
    description: "Gives correct and complete information.",
    level: 83,
    scored: true,
    reasons: ["Wrong information given", "Incomplete answer"],
  },
  {
    name: "Compliance Disclosure",
    description: "Reads the mandatory disclosure where it applies.",
    level: 90,
    scored: false,
    reasons: ["Disclosure not read", "Disclosure incomplete"],
  },
  {
    name: "Issue Resolution",
    description: "Resolves the issue or agrees a clear next step.",
    level: 79,
    scored: true,
    reasons: ["Root cause not addressed", "No next step agreed"],
  },
  {
    name: "Closing",
    description: "Summarises next steps and asks for other questions.",
    level: 86,
    scored: true,
    reasons: ["No summary of next steps", "Did not ask for other questions"],
  },
];
/** Score (0-100) at or above which a check passes. */
const PASS_SCORE = 70;
/** Agents: the early shift (before 14:00) takes calls for agents 0-109, the late shift for 90-199. */
export const AGENTS = 200;
const FIRST_NAMES = ["Anna", "Bram", "Chloe", "Daan", "Eva", "Finn", "Julia", "Lars", "Lotte", "Milan"];
const LAST_NAMES = [
  "Bakker",
  "de Boer",
  "Dekker",
  "Janssen",
  "de Jong",
  "Meijer",
  "Mulder",
  "Smit",
  "Visser",
  "de Vries",
];

/** A SQL list literal of numbers or of strings (constants of this file only). */
const list = (xs: readonly (number | string)[]) =>
  `[${xs.map((x) => (typeof x === "number" ? String(x) : `'${x.replaceAll("'", "''")}'`)).join(", ")}]`;

/** The 0-based index of the weight that uniform `u` (0-1) falls under, each index as likely as its weight. */
function weighted(u: string, weights: readonly number[]): string {
  const total = weights.reduce((a, b) => a + b, 0);
  let cum = 0;
  const whens = weights.slice(0, -1).map((w, i) => {
    cum += w;
    return `WHEN ${u} < ${cum / total} THEN ${i}`;
  });
  return `CASE ${whens.join(" ")} ELSE ${weights.length - 1} END`;
}

/** An agent's skill, -0.5 (worst) to 0.5, from its id: shorter talk, more resolved calls, better scores. */
const SKILL = (agentId: string) => `(u(${agentId}, 13) - 0.5)`;

/**
 * Deterministic draws: `u(x, s)` uniform in (0, 1) and `z(x, s)` standard normal (Box-Muller over
 * seeds s and s + 1), from the hash of value `x` with seed `s`.
 */
const MACROS = [
  "CREATE TEMP MACRO u(x, s) AS (CAST(hash(x, s) % 1000000 AS DOUBLE) + 0.5) / 1000000",
  "CREATE TEMP MACRO z(x, s) AS sqrt(-2 * ln(u(x, s))) * cos(2 * pi() * u(x, s + 1))",
];

/**
 * Every local opening hour of the 730 days (`day` 0 = first day) with its number of calls (`cnt`,
 * the rounded share of its weight), the number of calls before it (`before`), its UTC start and how
 * busy it is (`busy`: the hour's weight relative to the busiest hour's, times 2.5 on the 10% of days
 * that are understaffed).
 */
function slotsSql(calls: number): string {
  const holiday = Object.entries(HOLIDAYS)
    .map(([md, f]) => `WHEN '${md}' THEN ${f}`)
    .join(" ");
  return `CREATE TEMP TABLE slots AS
    WITH hours AS (
      SELECT day, hour, DATE '${firstDay}' + CAST(day AS INTEGER) AS date FROM range(${days}) d(day), range(24) h(hour)
    ), weighted AS (
      SELECT day, hour, date,
             ${list(WEEKDAY)}[isodow(date)]
             * CASE WHEN isodow(date) >= 6 THEN ${list(WEEKEND_HOURS)}[hour + 1] ELSE ${list(WEEKDAY_HOURS)}[hour + 1] END
             * (0.9 + 0.2 * day / ${days - 1}) * (0.92 + 0.16 * u(day, 1))
             * CASE strftime(date, '%m-%d') ${holiday} ELSE 1 END AS weight
      FROM hours
    ), cum AS (
      SELECT *, CAST(round(sum(weight) OVER (ORDER BY day, hour) / sum(weight) OVER () * ${calls}) AS BIGINT) AS upto,
             weight / max(weight) OVER () * CASE WHEN u(day, 2) < 0.1 THEN 2.5 ELSE 1 END AS busy
      FROM weighted WHERE weight > 0
    ), numbered AS (
      SELECT *, lag(upto, 1, 0) OVER (ORDER BY day, hour) AS before FROM cum
    )
    SELECT day, hour, busy, before, upto - before AS cnt,
           CAST(timezone('${timezone}', date + to_hours(CAST(hour AS INTEGER))) AS TIMESTAMP) AS slot_start
    FROM numbered`;
}

/** The calls of days [d0, d1) into temporary table `batch`, call number `i` in arrival order. */
function batchSql(d0: number, d1: number): string {
  const q = (field: "talkSecs" | "resolved") => list(QUEUES.map((x) => x[field]));
  return `CREATE OR REPLACE TEMP TABLE batch AS
    WITH arrivals AS (
      SELECT before + k AS i, hour, busy,
             slot_start + to_microseconds(CAST((k + u(before + k, 3)) * 3600000000 / cnt AS BIGINT)) AS started_at
      FROM (SELECT *, unnest(range(cnt)) AS k FROM slots WHERE day >= ${d0} AND day < ${d1})
    ), drawn AS (
      SELECT *, ${weighted(
        "u(i, 4)",
        CAMPAIGNS.map((c) => c[1]),
      )} AS campaign,
             ${weighted(
               "u(i, 5)",
               QUEUES.map((x) => x.weight),
             )} AS queue_no,
             ${weighted("u(i, 6)", TOPIC_WEIGHTS)} AS topic_no,
             5 + floor(u(i, 7) * 36) AS ivr_secs,
             u(i, 8) < 0.03 AS ivr_only,
             round(-(5 + 55 * busy * busy) * ln(u(i, 9))) AS wait,
             CASE WHEN u(i, 10) < 0.01 THEN round(u(i, 11) * 5, 1) ELSE round(-600 * ln(u(i, 11))) END AS patience,
             'bench:agent:' || (CASE WHEN hour < 14 THEN 0 ELSE ${AGENTS / 2 - 10} END + CAST(floor(u(i, 12) * ${AGENTS / 2 + 10}) AS INTEGER)) AS agent
      FROM arrivals
    ), answered AS (
      SELECT *, NOT ivr_only AND patience < wait AS abandoned, NOT ivr_only AND patience >= wait AS answered,
             ${SKILL("agent")} AS skill
      FROM drawn
    ), handled AS (
      SELECT *, CASE WHEN abandoned THEN patience WHEN answered THEN wait ELSE 0 END AS wait_secs,
             CASE WHEN answered THEN least(3600, greatest(15, round(${q("talkSecs")}[queue_no + 1] * (1 - 0.4 * skill) * exp(0.6 * z(i, 14))))) END AS talk_secs,
             CASE WHEN answered AND u(i, 16) < 0.18 THEN least(900, round(15 - 60 * ln(u(i, 17)))) ELSE 0 END AS hold_secs,
             CASE WHEN answered AND u(i, 18) >= 0.04 THEN u(i, 19) < ${q("resolved")}[queue_no + 1] + 0.2 * skill END AS resolved
      FROM answered
    )
    SELECT *,
           CASE WHEN answered AND u(i, 20) < 0.22 THEN 1 + CASE WHEN coalesce(resolved, false)
             THEN ${weighted("u(i, 21)", [3, 4, 10, 35, 48])} ELSE ${weighted("u(i, 21)", [20, 20, 25, 20, 15])} END END AS csat,
           CASE WHEN answered THEN talk_secs + hold_secs + 10 + floor(u(i, 22) * 81) END AS handle_secs,
           started_at + to_seconds(ivr_secs) AS queued_at,
           started_at + to_seconds(ivr_secs + wait_secs + coalesce(talk_secs + hold_secs, 0)) AS ended_at
    FROM handled`;
}

/** The batch's calls (of `calls` in all), as canonical rows in arrival order. */
function callsSql(calls: number): string {
  const topics = `${list(QUEUES.flatMap((x) => x.topics))}[queue_no * 4 + topic_no + 1]`;
  return `INSERT INTO calls (call_id, source, import_id, campaign_id, agent_id, contact_id, queue, priority, started_at,
      queued_at, answered_at, ended_at, ivr_secs, wait_secs, talk_secs, handle_secs, answered, abandoned, outcome, resolved, csat, topic)
    SELECT 'bench:call:' || i, 'bench', 'bench', 'bench:campaign:' || campaign,
           CASE WHEN answered THEN agent END,
           CASE WHEN u(i, 23) < 0.85 THEN 'bench:contact:' || CAST(floor(u(i, 24) * ${Math.round(calls * 0.3)}) AS INTEGER) END,
           ${list(QUEUES.map((x) => x.name))}[queue_no + 1], CASE WHEN queue_no = ${QUEUES.length - 1} THEN 1 ELSE 2 END,
           started_at, CASE WHEN NOT ivr_only THEN queued_at END,
           CASE WHEN answered THEN queued_at + to_seconds(wait_secs) END, ended_at, ivr_secs,
           CASE WHEN NOT ivr_only THEN wait_secs END, talk_secs, handle_secs, answered, abandoned,
           CASE WHEN answered THEN 'ANSWERED' WHEN abandoned THEN 'ABANDONED' ELSE 'IVR' END, resolved, csat, ${topics}
    FROM batch ORDER BY i`;
}

/**
 * One result of each check for every answered call of the batch, read from `calls` (the columns the
 * import copies from the call included). A latent score = the check's level + the agent's skill
 * (-8..8) + the call's (normal, sd 6) + noise (sd 11); scored checks keep it clamped to 0-100 with
 * one decimal, pass/fail checks only whether it reaches {@link PASS_SCORE}.
 */
function resultsSql(): string {
  const scored = list(CHECKS.map((c) => (c.scored ? 1 : 0)));
  return `INSERT INTO call_check_results (call_id, check_id, source, import_id, passed, score, reason, evaluated_at,
      call_started_at, agent_id, campaign_id)
    WITH latent AS (
      SELECT c.call_id, c.started_at, c.ended_at, c.agent_id, c.campaign_id, j,
             ${list(CHECKS.map((x) => x.level))}[j + 1] + 16 * ${SKILL("c.agent_id")} + 6 * z(c.call_id, 26)
             + 11 * z(c.call_id, 28 + 2 * j) AS raw
      FROM calls AS c, range(${CHECKS.length}) AS k(j)
      WHERE c.answered AND c.started_at BETWEEN (SELECT min(started_at) FROM batch) AND (SELECT max(started_at) FROM batch)
    )
    SELECT call_id, 'bench:check:' || (j + 1), 'bench', 'bench', raw >= ${PASS_SCORE},
           CASE WHEN ${scored}[j + 1] = 1 THEN round(least(100, greatest(0, raw)), 1) END,
           CASE WHEN raw < ${PASS_SCORE} THEN ${list(CHECKS.flatMap((c) => c.reasons))}[j * 2 + 1 + CAST(u(call_id, 50 + j) < 0.5 AS INTEGER)] END,
           ended_at + to_seconds(600 + floor(u(call_id, 60) * 6 * 3600)), started_at, agent_id, campaign_id
    FROM latent`;
}

/** The dimension tables the reports label with (agents, checks) and the campaigns. */
async function dimensions(wh: Warehouse): Promise<void> {
  await wh.run(`INSERT INTO agents (agent_id, source, import_id, username, first_name, last_name, email, disabled)
    SELECT 'bench:agent:' || a, 'bench', 'bench', lower(replace(f || '.' || l, ' ', '')) || a, f, l,
           lower(replace(f || '.' || l, ' ', '')) || a || '@example.com', false
    FROM (SELECT a, ${list(FIRST_NAMES)}[a % 10 + 1] AS f, ${list(LAST_NAMES)}[a // 10 % 10 + 1] AS l FROM range(${AGENTS}) t(a))`);
  await wh.run(`INSERT INTO campaigns (campaign_id, source, import_id, name, channel)
    SELECT 'bench:campaign:' || k, 'bench', 'bench', ${list(CAMPAIGNS.map((c) => c[0]))}[k + 1], 'call'
    FROM range(${CAMPAIGNS.length}) t(k)`);
  await wh.run(`INSERT INTO quality_checks (check_id, source, import_id, name, description)
    SELECT 'bench:check:' || (k + 1), 'bench', 'bench', ${list(CHECKS.map((c) => c.name))}[k + 1],
           ${list(CHECKS.map((c) => c.description))}[k + 1]
    FROM range(${CHECKS.length}) t(k)`);
}

/** Seconds each phase of {@link makeCallData} took. */
export interface CallDataTimes {
  calls: number;
  results: number;
  derived: number;
  checkpoint: number;
}

/** Seconds `fn` takes. */
async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

/**
 * Fills `wh` (a migrated warehouse without call data) with about `calls` calls, their quality-check
 * results, the dimensions they label with and what an import derives from them; returns the seconds
 * of each phase.
 */
export async function makeCallData(wh: Warehouse, calls: number): Promise<CallDataTimes> {
  const made = { calls: 0, results: 0, derived: 0, checkpoint: 0 };
  for (const sql of MACROS) await wh.run(sql);
  await wh.run(slotsSql(calls));
  await dimensions(wh);
  for (let d = 0; d < days; d += batchDays) {
    await wh.run(batchSql(d, Math.min(days, d + batchDays)));
    made.calls += await seconds(() => wh.run(callsSql(calls)));
    made.results += await seconds(() => wh.run(resultsSql()));
  }
  // What an import derives from them (call_quality: the results summed per call), by the import's own code.
  made.derived = await seconds(() =>
    wh.transaction((tx) => deriveColumns(tx, { calls: 1, call_check_results: 1 }, "bench")),
  );
  made.checkpoint = await seconds(() => wh.run("CHECKPOINT"));
  return made;
}
