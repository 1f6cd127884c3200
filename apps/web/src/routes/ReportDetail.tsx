/**
 * `/reports/{id}`: one narrative report (seed 000 "Report Contents"): executive summary, the
 * figures with their pass-rate and sample-size bands and trends, check and agent performance,
 * common issues with example calls (opening their records), recommendations in three horizons.
 * Export as JSON (the stored report with its facts) or PDF (printed by the server from this page,
 * which says `data-ready` once drawn), regenerate (a new report; this one is kept), compare with
 * another report of the same scope, delete (after a confirmation). A running report is followed
 * until it ends, with a progress bar of its step; a done one says how its common issues were grouped
 * (by embeddings, or by wording and why).
 */
import { A, useNavigate, useParams } from "@solidjs/router";
import { formatCount } from "@tallyline/ui";
import { createEffect, createMemo, createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { NarrativeBody } from "../components/NarrativeBody";
import { NarrativeProgress } from "../components/NarrativeProgress";
import { NarrativeShareDialog } from "../components/NarrativeShareDialog";
import { PageFrame } from "../components/PageFrame";
import { type DrillTarget, RecordsPanel } from "../components/RecordsPanel";
import { describeError } from "../lib/api";
import {
  agentRows,
  type Comparison,
  checkRows,
  downloadReportPdf,
  exportName,
  groupingText,
  type Narrative,
  narrativesApi,
  saveBlob,
  scopeKindLabel,
} from "../lib/narratives";
import type { PeriodRequest } from "../lib/period";
import { utcMinute } from "../lib/publicLink";
import { whenDrawn } from "../lib/ready";
import { POLL_MS } from "./Reports";

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
  const [sharing, setSharing] = createSignal<Narrative>();
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
  const openExample = (n: Narrative, kind: "call" | "conversation", id: string) => {
    const call = kind === "call";
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
    <PageFrame
      data-ready={ready() ? "true" : undefined}
      data-print-title={report.latest ? `Tallyline · ${report.latest.name}` : "Tallyline · Report"}
      data-print-period={
        report.latest
          ? `${report.latest.period.from} to ${report.latest.period.to} (${report.latest.period.timezone})`
          : ""
      }
      topbarClass="tl-noprint"
      mainClass="tl-main tl-narr"
      mainRef={(el) => {
        main = el;
      }}
      busy={report.loading && !report.latest}
      after={
        <>
          <RecordsPanel target={drill()} onClose={() => setDrill(null)} />
          <NarrativeShareDialog report={sharing()} onClose={() => setSharing(undefined)} />
        </>
      }
    >
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
                · {formatCount(r().usage?.promptTokens ?? 0)} prompt and {formatCount(r().usage?.completionTokens ?? 0)}{" "}
                completion tokens
              </Show>
            </p>
            <Show when={r().status === "running"}>
              <div class="tl-notice" role="status" aria-busy="true" data-testid="report-running">
                <p>
                  Generating: computing the figures and writing the text. You can leave this page; the report stays
                  listed as running until it is done.
                </p>
                <Show when={r().progress}>{(p) => <NarrativeProgress progress={p()} />}</Show>
              </div>
            </Show>
            <Show when={r().status === "failed"}>
              <p class="tl-notice" role="alert" data-testid="report-failed">
                This report could not be made: {r().failure}
              </p>
            </Show>
            <Show when={r().status === "done" && groupingText(r().content?.grouping ?? undefined)}>
              {(text) => (
                <p class="tl-muted" data-testid="report-grouping" data-method={r().content?.grouping?.method}>
                  {text()}
                </p>
              )}
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
              <button
                type="button"
                class="tl-button tl-button--quiet tl-button--small"
                disabled={r().status !== "done"}
                onClick={() => setSharing(r())}
                data-testid="report-share"
              >
                Share link
              </button>
              <label class="tl-narr__compare">
                Compare with{" "}
                <select
                  value={compareWith()}
                  onChange={(e) => setCompareWith(e.currentTarget.value)}
                  disabled={r().status !== "done"}
                  data-testid="report-compare"
                >
                  <option value="">{sameScope().length ? "Choose a report…" : "No other report of this scope"}</option>
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
                <NarrativeBody
                  facts={c().facts}
                  executiveSummary={c().sections.executiveSummary}
                  checks={checkRows(c())}
                  agents={agentRows(c())}
                  agentsTooFew={c().lines?.agentsTooFew ?? 0}
                  issues={c().sections.commonIssues.map((ci) => {
                    const issue = c().issues.find((i) => i.id === ci.issueId);
                    return {
                      text: ci.text,
                      ...(issue
                        ? {
                            pattern: issue.pattern,
                            count: issue.count,
                            remediation: issue.remediation,
                            examples: issue.examples,
                            exampleKind: issue.exampleKind,
                          }
                        : {}),
                    };
                  })}
                  recommendations={c().sections.recommendations}
                  onExample={(kind, id) => openExample(r(), kind, id)}
                />
              )}
            </Show>
            <ConfirmDialog
              open={confirmDelete()}
              title="Delete this report?"
              body={<>“{r().name}” is removed for everyone. The calls and other data it describes are not touched.</>}
              onConfirm={() => void remove(r())}
              onCancel={() => setConfirmDelete(false)}
              testid="report-delete-dialog"
              confirmTestid="report-delete-confirm"
            />
          </article>
        )}
      </Show>
    </PageFrame>
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
