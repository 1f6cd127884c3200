/**
 * The public document of a narrative report's link (issue 12/14: a snapshot may freeze a narrative
 * report), built from an allow-list like public.ts: the report's sections and facts, and nothing
 * personal. Agents are "Agent n" (the number of the report's agent table, `agent.n`) unless the
 * creator ticked "show agent names" (a name holding an e-mail address still shows as its number);
 * issue patterns are the report's redacted texts (e-mail addresses, links and digits already
 * replaced, packages/narrative issues.ts) with every known agent name or username replaced too;
 * no call, conversation, agent, user, segment or report id (the scope shows as its kind only,
 * since a selected set's key lists call ids; example calls are left out). The prose is filled
 * again from the narrator's templates with the public facts, so a name never reaches it through a
 * fact. Every string is scrubbed of e-mail addresses at the end.
 */
import { z } from "@hono/zod-openapi";
import { fillSections, type Narrative, type Sections, scopeLabel } from "@tallyline/narrative";
import { scrubEmails } from "./public";

/** What a name in an issue text becomes. */
export const HIDDEN_NAME = "[name hidden]";

const Band = z.string();
const PublicFact = z.object({
  id: z.string(),
  label: z.string(),
  value: z.union([z.number(), z.string()]).nullable(),
  unit: z.string(),
  formatted: z.string(),
  definition: z.string(),
  sample: z.object({ size: z.number(), band: Band }).optional(),
  passBand: Band.optional(),
  trend: z.object({ arrow: z.string(), meaning: z.string(), stableBand: z.string() }).optional(),
});

/** The narrative part of a public document (`kind: narrative`). */
export const PublicNarrative = z
  .object({
    type: z.string().openapi({ description: "The scope's kind: 'Campaign report', 'Check report'..." }),
    narrator: z.enum(["ai", "rules"]),
    generatedAt: z.string(),
    executiveSummary: z.array(z.string()),
    commonIssues: z.array(
      z.object({
        text: z.string(),
        pattern: z.string(),
        count: z.number(),
        share: z.number().nullable(),
        remediation: z.string(),
      }),
    ),
    recommendations: z.object({
      immediate: z.array(z.string()),
      shortTerm: z.array(z.string()),
      longTerm: z.array(z.string()),
    }),
    facts: z.array(PublicFact),
    checks: z.array(z.string()).openapi({ description: "Fact prefixes of the check table, in order (check.N)." }),
    agents: z
      .array(z.object({ prefix: z.string(), rank: z.enum(["top", "bottom"]).nullable() }))
      .openapi({ description: "Fact prefixes of the agent table (agent.N) with the top and bottom performer." }),
  })
  .openapi("PublicNarrative");
export type PublicNarrative = z.infer<typeof PublicNarrative>;

const EMAIL = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+/;
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Replaces every name of `names` (agents' usernames, first and last names: at least 3 characters)
 * in `text`, case-insensitively and as whole words, with {@link HIDDEN_NAME}.
 */
export function hideNames(text: string, names: readonly string[]): string {
  let out = text;
  for (const n of [...names].filter((x) => x.trim().length >= 3).sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}_])${literal(n.trim())}(?![\\p{L}\\p{N}_])`, "giu"), HIDDEN_NAME);
  }
  return out;
}

/**
 * The public document of a finished narrative report `n` (its content and templates as stored).
 * `names`: every agent name and username of the workspace (hidden from issue texts). Throws Error
 * when the report is not done.
 */
export function narrativeDocument(
  n: Narrative,
  names: readonly string[],
  meta: { title: string; at: number; creatorRole: "admin" | "member"; showAgentNames: boolean },
) {
  const content = n.content as
    | (NonNullable<Narrative["content"]> & { templates?: Sections; lines?: { checks: { prefix: string }[] } })
    | null
    | undefined;
  if (n.status !== "done" || !content || !content.templates) throw new Error("Only a finished report can be shared");
  // Facts: allow-listed fields; agent names by number unless shown; text facts of issues scrubbed of names.
  const facts = content.facts.map((f) => {
    let value = f.value;
    let formatted = f.formatted;
    const agent = /^agent\.(\d+)\.name$/.exec(f.id);
    if (agent) {
      const shown = meta.showAgentNames && typeof f.value === "string" && !EMAIL.test(f.value);
      value = shown ? f.value : `Agent ${agent[1]}`;
      formatted = String(value);
    } else if (f.unit === "text" && typeof f.value === "string") {
      value = hideNames(f.value, names);
      formatted = hideNames(f.formatted, names);
    }
    return {
      id: f.id,
      label: f.label,
      value,
      unit: f.unit,
      formatted,
      definition: f.definition,
      ...(f.sample ? { sample: { size: f.sample.size, band: f.sample.band } } : {}),
      ...(f.passBand ? { passBand: f.passBand } : {}),
      ...(f.trend ? { trend: { arrow: f.trend.arrow, meaning: f.trend.meaning, stableBand: f.trend.stableBand } } : {}),
    };
  });
  const byId = new Map(facts.map((f) => [f.id, f]));
  const filled = fillSections(content.templates, byId as never);
  const issues = new Map(content.issues.map((i) => [i.id, i]));
  const narrative: PublicNarrative = {
    type: scopeLabel(n.scope.kind),
    narrator: n.narrator ?? "rules",
    generatedAt: n.generatedAt ?? n.createdAt,
    executiveSummary: filled.executiveSummary.map(String),
    commonIssues: filled.commonIssues.map((c) => {
      const i = issues.get(c.issueId);
      return {
        text: c.text,
        pattern: hideNames(i?.pattern ?? "", names),
        count: i?.count ?? 0,
        share: i?.share ?? null,
        remediation: hideNames(i?.remediation ?? "", names),
      };
    }),
    recommendations: {
      immediate: [...filled.recommendations.immediate],
      shortTerm: [...filled.recommendations.shortTerm],
      longTerm: [...filled.recommendations.longTerm],
    },
    facts,
    checks: (content.lines?.checks ?? []).map((c) => c.prefix),
    agents: (content.lines?.agents ?? []).map((a) => ({ prefix: a.prefix, rank: a.rank })),
  };
  return scrubEmails({
    kind: "narrative" as const,
    mode: "snapshot" as const,
    title: meta.title,
    at: new Date(meta.at).toISOString(),
    period: {
      label: `${n.period.from} to ${n.period.to}`,
      from: n.period.from,
      to: n.period.to,
      timezone: n.period.timezone,
    },
    filters: null,
    segment: null,
    filtersHidden: true,
    agentNames: meta.showAgentNames,
    createdBy: meta.creatorRole === "admin" ? ("a workspace admin" as const) : ("a workspace member" as const),
    reports: [],
    narrative: PublicNarrative.parse(narrative),
  });
}
