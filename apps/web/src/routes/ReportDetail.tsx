/**
 * `/reports/{id}`: one narrative report (seed 000 "Report Contents"): executive summary, the
 * figures with their pass-rate and sample-size bands and trends, check and agent performance,
 * common issues with example calls (opening their records), recommendations in three horizons.
 * Export as JSON (the stored report with its facts) or PDF (printed by the server from this page,
 * which says `data-ready` once drawn), regenerate (a new report; this one is kept), compare with
 * another report of the same scope, delete (after a confirmation). A running report is followed
 * until it ends.
 */
import { AlertDialog } from "@kobalte/core/alert-dialog";
import { A, useNavigate, useParams } from "@solidjs/router";
import { formatCount } from "@tallyline/ui";
import { createEffect, createMemo, createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { AccountMenu } from "../components/AccountMenu";
import { type DrillTarget, RecordsPanel } from "../components/RecordsPanel";
import { describeError } from "../lib/api";
import {
  type AgentRow,
  agentRows,
  BAND_WORDS,
  type Comparison,
  checkRows,
  downloadReportPdf,
  exportName,
  type Fact,
  headlineFacts,
  type Issue,
  type Narrative,
  narrativesApi,
  saveBlob,
  scopeKindLabel,
} from "../lib/narratives";
import type { PeriodRequest } from "../lib/period";
import { utcMinute } from "../lib/publicLink";
import { whenDrawn } from "../lib/ready";
import { POLL_MS } from "./Reports";
import "./reports.css";

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

/** The report page. */
export function ReportDetail() {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const [report, { refetch }] = createResource(
    () => params.id,
    (id) => narrativesApi.get(id),
  );
  const [all] = createResource(() => narrativesApi.list());
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal<string>();
  const [confirmDelete, setConfirmDelete] = createSignal(false);
  const [compareWith, setCompareWith] = createSignal("");
  const [comparison] = createResource(
    () => (compareWith() ? [params.id, compareWith()] : undefined),
    ([a, b]) => narrativesApi.compare(a as string, b as string),
  );
  const [drill, setDrill] = createSignal<DrillTarget | null>(null);
  const [ready, setReady] = createSignal(false);
  let main: HTMLElement | undefined;

  createEffect(() => {
    if (report.latest?.status !== "running") return;
    const timer = setTimeout(() => void refetch(), POLL_MS);
    onCleanup(() => clearTimeout(timer));
  });
  createEffect(() => {
    const n = report.latest;
    setReady(false);
    if (!n || n.status === "running") return;
    let live = true;
    onCleanup(() => {
      live = false;
    });
    void whenDrawn(() => main).then(() => live && setReady(true));
  });

  /** Other finished reports of the same scope (what compare accepts). */
  const sameScope = createMemo(() => {
    const n = report.latest;
    return (all.latest ?? []).filter((o) => n && o.id !== n.id && o.status === "done" && o.scope.key === n.scope.key);
  });

  const act = async (label: string, fn: () => Promise<void>) => {
    setBusy(label);
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(undefined);
    }
  };
  const exportJson = (n: Narrative) =>
    saveBlob(new Blob([`${JSON.stringify(n, null, 2)}\n`], { type: "application/json" }), exportName(n, "json"));
  const regenerate = (n: Narrative) =>
    act("regenerate", async () => {
      const made = await narrativesApi.generate({ regenerateFrom: n.id });
      navigate(`/reports/${made.id}`);
    });
  const remove = (n: Narrative) =>
    act("delete", async () => {
      setConfirmDelete(false);
      await narrativesApi.remove(n.id);
      navigate("/reports");
    });
  /** Opens the records of an example call (its check results) or conversation in the side panel. */
  const openExample = (n: Narrative, issue: Issue, id: string) => {
    const call = issue.exampleKind === "call";
    setDrill({
      reportId: call ? "quality_checks.pass_rate" : "engagement.conversations",
      reportName: call ? `Call ${id}: check results` : `Conversation ${id}`,
      figure: "Example",
      period: {
        from: n.period.from,
        to: n.period.to,
        timezone: n.period.timezone,
        filters: call ? { call: [id] } : { conversation: [id] },
      } as unknown as PeriodRequest,
      selector: {},
      timezone: n.period.timezone,
    });
  };

  return (
    <div
      class="tl-app"
      data-ready={ready() ? "true" : undefined}
      data-print-title={report.latest ? `Tallyline · ${report.latest.name}` : "Tallyline · Report"}
      data-print-period={
        report.latest
          ? `${report.latest.period.from} to ${report.latest.period.to} (${report.latest.period.timezone})`
          : ""
      }
    >
      <header class="tl-topbar tl-noprint">
        <A class="tl-brand" href="/">
          <span class="tl-brand__mark" aria-hidden="true" />
          <span class="tl-brand__name">Tallyline</span>
        </A>
        <AccountMenu />
      </header>
      <main class="tl-main tl-narr" ref={main} aria-busy={report.loading && !report.latest}>
        <p class="tl-noprint">
          <A href="/reports">← All reports</A>
        </p>
        <Show when={report.error}>
          <p class="tl-notice" role="alert" data-testid="report-error">
            {describeError(report.error).message}
          </p>
        </Show>
        <Show when={error()}>
          <p class="tl-notice" role="alert" data-testid="report-action-error">
            {error()}
          </p>
        </Show>
        <Show when={report.latest}>
          {(r) => (
            <article class="tl-report" data-testid="report" data-status={r().status}>
              <h1 data-testid="report-name">{r().name}</h1>
              <p class="tl-muted" data-testid="report-meta">
                {scopeKindLabel(r().scope.kind)} · {r().period.from} to {r().period.to} ({r().period.timezone}) ·{" "}
                {r().generatedAt ? `generated ${utcMinute(r().generatedAt as string)}` : "generating"} ·{" "}
                <span data-testid="report-narrator">
                  {r().narrator === "ai"
                    ? "written by the AI server, figures checked"
                    : r().narrator === "rules"
                      ? "written by rules"
                      : ""}
                </span>
                <Show when={r().usage && (r().usage?.promptTokens ?? 0) > 0}>
                  {" "}
                  · {formatCount(r().usage?.promptTokens ?? 0)} prompt and{" "}
                  {formatCount(r().usage?.completionTokens ?? 0)} completion tokens
                </Show>
              </p>
              <Show when={r().status === "running"}>
                <p class="tl-notice" role="status" aria-busy="true" data-testid="report-running">
                  Generating: computing the figures and writing the text. You can leave this page; the report stays
                  listed as running until it is done.
                </p>
              </Show>
              <Show when={r().status === "failed"}>
                <p class="tl-notice" role="alert" data-testid="report-failed">
                  This report could not be made: {r().failure}
                </p>
              </Show>
              <Show when={r().status === "done" && r().failure}>
                <p class="tl-muted" data-testid="report-fallback">
                  The AI server's answer was not used ({r().failure}); the rules wrote this report.
                </p>
              </Show>
              <div class="tl-narr__actions tl-noprint">
                <button
                  type="button"
                  class="tl-button tl-button--quiet tl-button--small"
                  disabled={r().status !== "done"}
                  onClick={() => exportJson(r())}
                  data-testid="report-export-json"
                >
                  Export JSON
                </button>
                <button
                  type="button"
                  class="tl-button tl-button--quiet tl-button--small"
                  disabled={r().status !== "done" || busy() !== undefined}
                  onClick={() => void act("pdf", () => downloadReportPdf(r().id))}
                  data-testid="report-export-pdf"
                >
                  {busy() === "pdf" ? "Preparing PDF…" : "Export PDF"}
                </button>
                <button
                  type="button"
                  class="tl-button tl-button--quiet tl-button--small"
                  disabled={r().status === "running" || busy() !== undefined}
                  onClick={() => void regenerate(r())}
                  data-testid="report-regenerate"
                >
                  Regenerate
                </button>
                <label class="tl-narr__compare">
                  Compare with{" "}
                  <select
                    value={compareWith()}
                    onChange={(e) => setCompareWith(e.currentTarget.value)}
                    disabled={r().status !== "done"}
                    data-testid="report-compare"
                  >
                    <option value="">
                      {sameScope().length ? "Choose a report…" : "No other report of this scope"}
                    </option>
                    <For each={sameScope()}>
                      {(o) => (
                        <option value={o.id}>
                          {o.period.from} to {o.period.to}, generated {o.generatedAt ? utcMinute(o.generatedAt) : ""}
                        </option>
                      )}
                    </For>
                  </select>
                </label>
                <button
                  type="button"
                  class="tl-button tl-button--small"
                  disabled={busy() !== undefined}
                  onClick={() => setConfirmDelete(true)}
                  data-testid="report-delete"
                >
                  Delete
                </button>
              </div>
              <Show when={comparison()}>{(c) => <CompareTable comparison={c()} />}</Show>
              <Show when={r().content}>
                {(c) => (
                  <>
                    <section class="tl-report__section" data-testid="report-summary">
                      <h2>Executive summary</h2>
                      <For each={c().sections.executiveSummary}>{(p) => <p>{p}</p>}</For>
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
                            <For each={headlineFacts(c().facts)}>
                              {(f) => (
                                <tr data-testid={`fact-${f.id}`}>
                                  <th scope="row">
                                    {f.label}
                                    <span class="tl-report__definition">{f.definition}</span>
                                  </th>
                                  <td data-testid="fact-value">{f.formatted}</td>
                                  <td>
                                    {f.previous === undefined || f.previous === null ? "–" : factPrevious(f, c().facts)}
                                  </td>
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
                    <Show when={checkRows(c()).length > 0}>
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
                              <For each={checkRows(c())}>
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
                    <Show when={agentRows(c()).length > 0}>
                      <section class="tl-report__section" data-testid="report-agents">
                        <h2>Agent performance</h2>
                        <AgentTable rows={agentRows(c())} tooFew={c().lines?.agentsTooFew ?? 0} />
                      </section>
                    </Show>
                    <section class="tl-report__section" data-testid="report-issues">
                      <h2>Common issues</h2>
                      <Show when={c().sections.commonIssues.length > 0} fallback={<p>No recurring issue found.</p>}>
                        <ul class="tl-report__issues">
                          <For each={c().sections.commonIssues}>
                            {(ci) => {
                              const issue = c().issues.find((i) => i.id === ci.issueId);
                              return (
                                <li data-testid="issue">
                                  <p>{ci.text}</p>
                                  <Show when={issue}>
                                    {(i) => (
                                      <p class="tl-muted">
                                        Pattern: “{i().pattern}” · {formatCount(i().count)} times
                                        <Show when={i().examples.length > 0}>
                                          {" "}
                                          · examples:{" "}
                                          <For each={i().examples}>
                                            {(id) => (
                                              <button
                                                type="button"
                                                class="tl-linkbutton"
                                                onClick={() => openExample(r(), i(), id)}
                                                data-testid="issue-example"
                                              >
                                                {i().exampleKind === "call" ? "call" : "conversation"} {id}
                                              </button>
                                            )}
                                          </For>
                                        </Show>
                                        <br />
                                        Suggested: {i().remediation}
                                      </p>
                                    )}
                                  </Show>
                                </li>
                              );
                            }}
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
                              <For each={c().sections.recommendations[key]}>{(t) => <li>{t}</li>}</For>
                            </ul>
                          </>
                        )}
                      </For>
                    </section>
                  </>
                )}
              </Show>
              <AlertDialog open={confirmDelete()} onOpenChange={(open) => !open && setConfirmDelete(false)}>
                <AlertDialog.Portal>
                  <AlertDialog.Overlay class="tl-dialog__overlay" />
                  <AlertDialog.Content class="tl-dialog" data-testid="report-delete-dialog">
                    <AlertDialog.Title>Delete this report?</AlertDialog.Title>
                    <AlertDialog.Description>
                      “{r().name}” is removed for everyone. The calls and other data it describes are not touched.
                    </AlertDialog.Description>
                    <div class="tl-dialog__actions">
                      <AlertDialog.CloseButton class="tl-button tl-button--quiet">Cancel</AlertDialog.CloseButton>
                      <button
                        type="button"
                        class="tl-button"
                        onClick={() => void remove(r())}
                        data-testid="report-delete-confirm"
                      >
                        Delete
                      </button>
                    </div>
                  </AlertDialog.Content>
                </AlertDialog.Portal>
              </AlertDialog>
            </article>
          )}
        </Show>
      </main>
      <RecordsPanel target={drill()} onClose={() => setDrill(null)} />
    </div>
  );
}

/** The previous period's value of a fact, as its `.previous` fact writes it (else nothing invented). */
function factPrevious(f: Fact, facts: readonly Fact[]): string {
  return facts.find((x) => x.id === `${f.id}.previous`)?.formatted ?? "–";
}

function AgentTable(props: { rows: AgentRow[]; tooFew: number }) {
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

/** The fact deltas of two reports of the same scope (the compare route's, unrounded deltas rounded to 0.1). */
function CompareTable(props: { comparison: Comparison }) {
  const delta = (d: number | null, unit: string) => {
    if (d === null) return "–";
    const text = `${d > 0 ? "+" : d < 0 ? "−" : "±"}${Math.abs(Math.round(d * 10) / 10).toLocaleString("en-US")}`;
    return unit === "percent" || unit === "score" ? `${text} points` : unit === "seconds" ? `${text} s` : text;
  };
  return (
    <section class="tl-report__section" data-testid="report-comparison">
      <h2>
        Compared with the report of {props.comparison.b.period.from} to {props.comparison.b.period.to}
      </h2>
      <div class="tl-table__scroll">
        <table class="tl-table">
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col">This report</th>
              <th scope="col">Other report</th>
              <th scope="col">Change (other − this)</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.comparison.deltas.filter((d) => !/^(issue|rule)\./.test(d.id))}>
              {(d) => (
                <tr data-testid={`delta-${d.id}`}>
                  <th scope="row">{d.label}</th>
                  <td>{d.aFormatted}</td>
                  <td>{d.bFormatted}</td>
                  <td data-testid="delta-value">{delta(d.delta, d.unit)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  );
}
