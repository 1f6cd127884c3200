import { agentRows, checkRows, type PublicNarrativeDoc } from "../lib/narratives";
import { NarrativeBody } from "./NarrativeBody";

/**
 * A frozen narrative report on the public page `/r/{token}`: its type and who wrote it, then the
 * same sections as the signed-in report page, without example calls (a public page reaches no
 * record). Agents are "Agent n" unless the creator showed names (the API decides).
 */
export function PublicNarrative(props: { narrative: PublicNarrativeDoc }) {
  const content = () => ({
    facts: props.narrative.facts,
    issues: [],
    sections: {
      executiveSummary: props.narrative.executiveSummary,
      commonIssues: [],
      recommendations: props.narrative.recommendations,
    },
    lines: {
      checks: props.narrative.checks.map((prefix) => ({ key: "", name: "", prefix })),
      agents: props.narrative.agents.map((a) => ({ key: "", prefix: a.prefix, rank: a.rank })),
      agentsTooFew: 0,
    },
  });
  return (
    <div class="tl-report" data-testid="public-narrative">
      <p class="tl-muted">
        {props.narrative.type} · written{" "}
        {props.narrative.narrator === "ai" ? "by an AI server, figures checked" : "by rules"}
      </p>
      <NarrativeBody
        facts={props.narrative.facts}
        executiveSummary={props.narrative.executiveSummary}
        checks={checkRows(content())}
        agents={agentRows(content())}
        agentsTooFew={0}
        issues={props.narrative.commonIssues}
        recommendations={props.narrative.recommendations}
      />
    </div>
  );
}
