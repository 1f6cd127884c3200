import { formatCount } from "@tallyline/ui";
import { For, Show } from "solid-js";
import { type AgentRow, BAND_WORDS, type CheckRow, type Fact, headlineFacts, type Sections } from "../lib/narratives";

/** One common issue as shown: the narrator's text, and when known its pattern, count, remediation and examples. */
export interface IssueLine {
  readonly text: string;
  readonly pattern?: string;
  readonly count?: number;
  readonly remediation?: string;
  /** Example call or conversation ids (signed-in pages only: never on a public page). */
  readonly examples?: readonly string[];
  readonly exampleKind?: "call" | "conversation";
}

export interface NarrativeBodyProps {
  facts: readonly Fact[];
  executiveSummary: readonly string[];
  checks: readonly CheckRow[];
  agents: readonly AgentRow[];
  agentsTooFew: number;
  issues: readonly IssueLine[];
  recommendations: Sections["recommendations"];
  /** Opens an example's records; absent: examples are not shown (public pages). */
  onExample?: (kind: "call" | "conversation", id: string) => void;
}

/** The badges of a fact: pass-rate band, sample-size band. */
function Bands(props: { fact: Fact | undefined }) {
  return (
    <>
      <Show when={props.fact?.passBand}>
        {(band) => (
          <span class={`tl-band tl-band--${band()}`} data-testid="pass-band">
            {BAND_WORDS[band()]}
          </span>
        )}
      </Show>
      <Show when={props.fact?.sample}>
        {(s) => (
          <span
            class={`tl-band tl-band--sample-${s().band}`}
            data-testid="sample-band"
            title={`Sample of ${formatCount(s().size)}: under 20 insufficient, 20+ meaningful, 50+ reliable, 100+ high confidence`}
          >
            n = {formatCount(s().size)}, {BAND_WORDS[s().band]}
          </span>
        )}
      </Show>
    </>
  );
}

/** The trend arrow of a fact, with what it means and its stable band as text. */
function Trend(props: { fact: Fact | undefined }) {
  return (
    <Show when={props.fact?.trend} fallback="–">
      {(t) => (
        <span title={`${t().meaning}; stable ${t().stableBand}`}>
          <span aria-hidden="true">{t().arrow}</span> <span class="tl-muted">{t().meaning}</span>
        </span>
      )}
    </Show>
  );
}

const value = (f: Fact | undefined) => f?.formatted ?? "–";
const HORIZONS = [
  ["immediate", "Immediate actions"],
  ["shortTerm", "Short-term improvements"],
  ["longTerm", "Long-term strategies"],
] as const;

/**
 * The sections of a narrative report (seed 000 "Report Contents"), for the report page and the
 * public page: executive summary, the figures with bands, previous period and trend (each with its
 * definition sentence), check and agent performance, common issues, recommendations in three
 * horizons. Every figure is a fact's formatted value; nothing is computed here. Text is text.
 */
export function NarrativeBody(props: NarrativeBodyProps) {
  return (
    <>
      <section class="tl-report__section" data-testid="report-summary">
        <h2>Executive summary</h2>
        <For each={props.executiveSummary}>{(p) => <p>{p}</p>}</For>
      </section>
      <section class="tl-report__section" data-testid="report-facts">
        <h2>Performance metrics</h2>
        <div class="tl-table__scroll">
          <table class="tl-table">
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <th scope="col">Value</th>
                <th scope="col">Previous period</th>
                <th scope="col">Trend</th>
                <th scope="col">Bands</th>
              </tr>
            </thead>
            <tbody>
              <For each={headlineFacts(props.facts)}>
                {(f) => (
                  <tr data-testid={`fact-${f.id}`}>
                    <th scope="row">
                      {f.label}
                      <span class="tl-report__definition">{f.definition}</span>
                    </th>
                    <td data-testid="fact-value">{f.formatted}</td>
                    <td>{factPrevious(f, props.facts)}</td>
                    <td>
                      <Trend fact={f} />
                    </td>
                    <td>
                      <Bands fact={f} />
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </section>
      <Show when={props.checks.length > 0}>
        <section class="tl-report__section" data-testid="report-checks">
          <h2>Check performance</h2>
          <div class="tl-table__scroll">
            <table class="tl-table">
              <thead>
                <tr>
                  <th scope="col">Check</th>
                  <th scope="col">Pass rate</th>
                  <th scope="col">Average score</th>
                  <th scope="col">Calls</th>
                  <th scope="col">Trend</th>
                  <th scope="col">Bands</th>
                </tr>
              </thead>
              <tbody>
                <For each={props.checks}>
                  {(row) => (
                    <tr data-testid="check-row">
                      <th scope="row">{row.name}</th>
                      <td>{value(row.passRate)}</td>
                      <td>{value(row.averageScore)}</td>
                      <td>{value(row.calls)}</td>
                      <td>
                        <Trend fact={row.passRate} />
                      </td>
                      <td>
                        <Bands fact={row.passRate} />
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </section>
      </Show>
      <Show when={props.agents.length > 0}>
        <section class="tl-report__section" data-testid="report-agents">
          <h2>Agent performance</h2>
          <AgentTable rows={props.agents} tooFew={props.agentsTooFew} />
        </section>
      </Show>
      <section class="tl-report__section" data-testid="report-issues">
        <h2>Common issues</h2>
        <Show when={props.issues.length > 0} fallback={<p>No recurring issue found.</p>}>
          <ul class="tl-report__issues">
            <For each={props.issues}>
              {(i) => (
                <li data-testid="issue">
                  <p>{i.text}</p>
                  <Show when={i.pattern !== undefined}>
                    <p class="tl-muted">
                      Pattern: “{i.pattern}” · {formatCount(i.count ?? 0)} times
                      <Show when={props.onExample && (i.examples?.length ?? 0) > 0}>
                        {" "}
                        · examples:{" "}
                        <For each={i.examples}>
                          {(id) => (
                            <button
                              type="button"
                              class="tl-linkbutton"
                              onClick={() => props.onExample?.(i.exampleKind ?? "call", id)}
                              data-testid="issue-example"
                            >
                              {i.exampleKind === "conversation" ? "conversation" : "call"} {id}
                            </button>
                          )}
                        </For>
                      </Show>
                      <Show when={i.remediation && !i.text.includes(i.remediation)}>
                        <br />
                        Suggested: {i.remediation}
                      </Show>
                    </p>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
      <section class="tl-report__section" data-testid="report-recommendations">
        <h2>Recommendations</h2>
        <For each={HORIZONS}>
          {([key, title]) => (
            <>
              <h3>{title}</h3>
              <ul data-testid={`recommendations-${key}`}>
                <For each={props.recommendations[key]}>{(t) => <li>{t}</li>}</For>
              </ul>
            </>
          )}
        </For>
      </section>
    </>
  );
}

/** The previous period's value of a fact, as its `.previous` fact writes it (else nothing invented). */
function factPrevious(f: Fact, facts: readonly Fact[]): string {
  return facts.find((x) => x.id === `${f.id}.previous`)?.formatted ?? "–";
}

function AgentTable(props: { rows: readonly AgentRow[]; tooFew: number }) {
  const chat = () => props.rows.some((r) => r.conversations);
  return (
    <>
      <div class="tl-table__scroll">
        <table class="tl-table">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <Show when={chat()} fallback={<th scope="col">Calls</th>}>
                <th scope="col">Conversations</th>
              </Show>
              <Show when={!chat()}>
                <th scope="col">Average score</th>
                <th scope="col">Pass rate</th>
              </Show>
              <th scope="col">Top/Bottom performer</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.rows}>
              {(row) => (
                <tr data-testid="agent-row">
                  <th scope="row">{row.name}</th>
                  <Show when={chat()} fallback={<td>{value(row.calls)}</td>}>
                    <td>{value(row.conversations)}</td>
                  </Show>
                  <Show when={!chat()}>
                    <td>{value(row.averageScore)}</td>
                    <td>{value(row.passRate)}</td>
                  </Show>
                  <td>
                    <Show when={row.rank} fallback="—">
                      {(rank) => (
                        <span class={`tl-badge tl-badge--${rank()}`} data-testid="agent-rank">
                          {rank() === "top" ? "Top" : "Bottom"}
                        </span>
                      )}
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={props.tooFew > 0}>
        <p class="tl-muted">
          {formatCount(props.tooFew)} linked {props.tooFew === 1 ? "agent has" : "agents have"} fewer than 20 calls and
          {props.tooFew === 1 ? " is" : " are"} left out.
        </p>
      </Show>
    </>
  );
}
