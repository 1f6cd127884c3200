import type { ReportDefinition } from "./definition";
import { type RecordKind, recordsOf } from "./records";

const FORMAT: Record<string, string> = {
  count: "count",
  percent: "percent (0-100)",
  duration: "seconds",
  score: "number",
  rate_per_minute: "per minute",
};

const GRAIN = { hour: "hourly", day: "daily", week: "weekly", month: "monthly" } as const;

/** A fact's table, and how it is derived or read as intervals. */
function factText(f: Pick<ReportDefinition, "table" | "derived" | "intervals">): string {
  const iv = f.intervals;
  const how = f.derived
    ? ` (derived from \`${f.derived.from}\`)`
    : iv
      ? ` (intervals to \`${iv.end}\`, merged per ${iv.mergeBy.join(", ")}${iv.prefer ? `, one \`${iv.prefer.column}\` per ${iv.mergeBy.join(", ")}: ${iv.prefer.order.join(", else ")}` : ""}, cut at local hours or days)`
      : "";
  return `\`${f.table}\`${how}`;
}

/** What drill-down records the report has (records.ts), per measure when they differ. */
function recordsText(d: ReportDefinition): string {
  const recs = recordsOf(d);
  const kinds = new Set(recs.map((r) => r.kind));
  const name = (kind: RecordKind) => `${kind.replace("_", " ")}s`;
  if (kinds.size === 1) {
    const [r] = recs;
    if (r?.kind) return `records: ${name(r.kind)}`;
    return `records: none (${r && "reason" in r ? r.reason : ""})`;
  }
  return `records: ${recs.map((r) => `${r.measure} ${r.kind ? name(r.kind) : `none (${"reason" in r ? r.reason : ""})`}`).join(", ")}`;
}

/**
 * The report catalogue as Markdown (docs/reports.md is this text, checked by a test): every report
 * by category with its shape, fact, time column, filters, source and each measure's definition.
 */
export function catalogueMarkdown(defs: readonly ReportDefinition[]): string {
  const categories = [...new Set(defs.map((d) => d.category))];
  const out = [
    "# Report catalogue",
    "",
    "Generated from the registry (`pnpm tallyline report list --markdown > docs/reports.md`); a test keeps this file current.",
    "",
    "Conventions for every report:",
    "",
    "- A row belongs to the period by its time column, an instant stored in UTC, read on calendar days (or hours, ISO weeks, months) of the query's IANA time zone; days across DST changes have 23 or 25 hours.",
    "- The previous period is the window of equal length that ends the day before the period starts; `change` is value minus previous value, `changePercent` is 100 x change / |previous| (null when previous is 0).",
    "- Durations are seconds; percentages are on the 0-100 scale. Time measures give mean, median and p90.",
    "- Counts are 0 on buckets without rows; averages, rates and peaks are null there. Means over time (agents online) are 0 there, and null on a local hour a DST change skips.",
    "- A count of events beside every average (issue 16): a measure that is a mean, median or p90 (of durations or scores) gives, on every bucket, row and total that carries its value, `count` (`counts` per measure in tables): the number of events it is taken over, 0 where there were none. The dashboard shows it as n = ... beside the figure.",
    "- Rankings and distributions give each value's share of the total (counts and sums only) and the previous period's value.",
    "- Filters (`filters` of a query) describe a call or a conversation; on rows that belong to one (check results, messages, assignments, ratings) they keep the rows whose call or conversation matches, except a row's own campaign, agent and (messages) language. A report refuses a filter it cannot take. The rule per table is in docs/api.md.",
    "- Records (`POST /api/v1/report/{id}/records`) are the calls, check results, conversations or assignments behind a figure: as many as it counts, or those it averages, sums or divides.",
    "- Lifecycle (issue 16): resolutions are events (a re-resolved conversation counts again), the reopen rate is reopen events over resolve events of the same period, resolution time runs per cycle (from the start, or from the latest reopen), for the assignee and team holding the conversation at the resolve: docs/resolutions.md gives the rules and how Chatwoot and Zendesk differ.",
    "",
    "Where the definitions live: `packages/report-defs/src/defs/<category>/<family>.ts`, a folder per dashboard category (`operations`, `quality-checks`, `engagement`, `performance`, `quality`, `contacts`, `activity`, `chatbot`, `contact-centre`, `agent-performance`, `staffing`, `work-shifts`, `invites-traffic`, `lifecycle`) and a file per family of reports, each folder with an `index.ts`; `defs/index.ts` lists the families in catalogue order. Shared pieces: `defs/common.ts` (`report`, `kpi`, the chat facts), `defs/measures.ts` (the chat catalogue's predicates and shared measures), `defs/summaries.ts` (summary-table readings), `defs/builders.ts` (builders for repeated shapes: a sum, a share of two sums, a thumbs count, conversations by a column, a duration histogram, a per-agent ranking with its daily series).",
    "",
    "To add a report: write its definition (data, `definition.ts`) in its family's file, or a new file in its category's folder exported from the folder's `index.ts` and listed in `defs/index.ts`; give every measure a definition sentence (what is counted, from which event to which, what is excluded) and a source; add golden tests on hand-computed data and its ground truth in the generator; then regenerate this file and the catalogue snapshot (`UPDATE_CATALOGUE_SNAPSHOT=1 npx vitest run packages/report-defs/test/catalogue.snapshot.test.ts`), which pins every definition and its SQL so that a change is always on purpose.",
    "",
    "Rosters: a per-agent ranking or table lists every agent of the roster, an agent without a row in the period with counts and sums 0 and averages and rates empty (—), not omitted. The roster is the rows of `agents` not marked disabled; with a campaign filter, only those with a row of the report's fact in one of the campaigns at any time; with an agent filter, only those agents; with any other filter (it selects calls or conversations, not agents) only agents with rows are listed. Where the data has no `agents` rows (a source without an agents table), only agents with rows are listed. Daily series per agent list agents with rows only.",
    "",
    "Why the per-agent figures do not add up to the contact-centre totals: `contact_centre.conversations` counts every assignment, missed ones included (no agent), while `agents.conversations` counts the assignments each agent picked up; bot-only conversations have no assignment at all and appear in `engagement.conversations` only; a transferred conversation is one conversation, two or more assignments, and counts once for each agent who handled it (seeds/002).",
    "",
    "Reply time and first response time from messages (`lifecycle.*`, issue 16) read the derived table `replies`: one row per agent message that answered a waiting customer. The customer's wait starts at the first customer message since the last agent reply (several in a row: the first) and stops at the next agent message; bot replies never stop it (Chatwoot, Intercom: human replies only); a resolve ends it without a reply; only messages of kind 'message' count, so private notes, templates, automated messages and activity lines neither start nor stop it (issue 16 excludes notes and templates from first response). A first response is the conversation's first reply, once per conversation (Chatwoot's first_response; Zendesk's first reply time is also once per ticket); when the conversation began with the bot, its wait starts at the bot's handoff (Chatwoot's rule: the time with the bot is not charged to people); the first reply after a reopen is a reply time, flagged in the table (`after_reopen`), not a second first response. Business-hours variants count only the seconds inside the campaign's business hours and leave out campaigns without them. `contact_centre.avg_wait_time` is a different figure: from an assignment being offered to that assignment's first agent message, per assignment (transfers included), as the export records it; use it where the export has first-response times, and the `lifecycle.first_response_time` reports where it has only messages.",
    "",
  ];
  for (const category of categories) {
    out.push(`## ${category}`, "");
    for (const d of defs.filter((x) => x.category === category)) {
      const facts = [
        `shape ${d.shape}`,
        `fact ${factText(d)}`,
        `time \`${d.timeColumn}\``,
        ...Object.entries(d.facts ?? {}).map(([name, f]) => `fact ${name}: ${factText(f)}, time \`${f.timeColumn}\``),
        `filters: ${d.filters.length ? d.filters.join(", ") : "none"}`,
        ...(d.dimension ? [`by ${d.dimension.label}`] : []),
        ...(d.dimension?.roster ? [`every row of the roster \`${d.dimension.roster.table}\` shown`] : []),
        ...(d.grain ? [`${GRAIN[d.grain]} by default`] : []),
        ...(d.summary
          ? [
              `without filters${d.summary.filters?.length ? ` or with only ${d.summary.filters.join(", ")}` : ""} read from the summary \`${d.summary.table}\` (same figures, derived at import)`,
            ]
          : []),
        recordsText(d),
      ];
      out.push(`### \`${d.id}\`: ${d.name}`, "", `${d.description} ${facts.join("; ")}. Source: ${d.source}.`, "");
      for (const m of d.measures) {
        out.push(
          `- **${m.label}** (${FORMAT[m.format] ?? m.format}; good when ${m.goodDirection === "neutral" ? "neither up nor down" : m.goodDirection}${m.stats ? "; with median and p90" : ""}): ${m.definition}`,
        );
      }
      if (d.dimension?.buckets) out.push(`- Buckets: ${d.dimension.buckets.ranges.map((r) => r.label).join(", ")}.`);
      out.push("");
    }
  }
  return out.join("\n");
}
