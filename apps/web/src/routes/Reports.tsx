/**
 * `/reports`: narrative reports (issue 14, seed 000 "Reports"). The history of every generated
 * report (name, type, scope, period, generated time, author, narrator, status), newest first; the
 * generate dialog; reports being generated are listed as running, with a progress bar of their
 * step, and the list follows them until they end (it can be left: generation goes on in the server).
 */
import { A, createAsync } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { GenerateDialog } from "../components/GenerateDialog";
import { NarrativeProgress } from "../components/NarrativeProgress";
import { PageFrame } from "../components/PageFrame";
import { describeError, getMe } from "../lib/api";
import { authorLabel, type Narrative, narrativesApi, scopeKindLabel } from "../lib/narratives";
import { utcMinute } from "../lib/publicLink";

/** How often the list asks again while a report runs, in ms. */
export const POLL_MS = 1000;

const STATUS: Record<Narrative["status"], string> = { running: "Running…", done: "Done", failed: "Failed" };

/** The Reports page. */
export function Reports() {
  const me = createAsync(() => getMe());
  const [items, { refetch }] = createResource(() => narrativesApi.list());
  const [open, setOpen] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const myId = () => {
    const who = me();
    return who?.kind === "session" ? who.user.id : undefined;
  };
  // Follow running reports: ask again every second while one runs.
  createEffect(() => {
    if (!(items.latest ?? []).some((n) => n.status === "running")) return;
    const timer = setTimeout(() => void refetch(), POLL_MS);
    onCleanup(() => clearTimeout(timer));
  });
  const started = async () => {
    setOpen(false);
    try {
      await refetch();
    } catch (e) {
      setError(describeError(e).message);
    }
  };
  return (
    <PageFrame
      title="Reports"
      actions={
        <button type="button" class="tl-button" onClick={() => setOpen(true)} data-testid="report-generate-open">
          Generate report
        </button>
      }
      mainClass="tl-main tl-narr"
      after={<GenerateDialog open={open()} onClose={() => setOpen(false)} onStarted={() => void started()} />}
    >
      <p class="tl-muted">
        Written summaries of a campaign, segment, quality check or selected calls (or chats) over a period. Every figure
        comes from the reports of the dashboard; the text is written by an AI server when one is configured, else by
        rules. Reports are kept until deleted; deleting one never touches call data.{" "}
        <A href="/settings/usage">Token usage</A>
      </p>
      <Show when={error()}>
        <p class="tl-notice" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={items.error}>
        <p class="tl-notice" role="alert">
          Could not load the reports: {describeError(items.error).message}
        </p>
      </Show>
      <Show when={items.latest} fallback={<p class="tl-loading">Loading…</p>}>
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={<p data-testid="reports-empty">No reports yet: use Generate report to write the first one.</p>}
          >
            <div class="tl-table__scroll">
              <table class="tl-table" data-testid="reports-table">
                <caption class="tl-visually-hidden">Generated reports, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Type</th>
                    <th scope="col">Scope</th>
                    <th scope="col">Generated</th>
                    <th scope="col">Author</th>
                    <th scope="col">Written by</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={list()}>
                    {(n) => (
                      <tr data-testid="report-row" data-id={n.id} data-status={n.status}>
                        <td>
                          <A href={`/reports/${n.id}`} data-testid="report-open">
                            {n.name}
                          </A>
                        </td>
                        <td>{scopeKindLabel(n.scope.kind)}</td>
                        <td>
                          <code>{n.scope.key.length > 60 ? `${n.scope.key.slice(0, 57)}…` : n.scope.key}</code>
                        </td>
                        <td>{n.generatedAt ? utcMinute(n.generatedAt) : `started ${utcMinute(n.createdAt)}`}</td>
                        <td>{authorLabel(n.author, myId())}</td>
                        <td>{n.narrator === "ai" ? "AI" : n.narrator === "rules" ? "Rules" : "–"}</td>
                        <td data-testid="report-status">
                          <span class={`tl-status tl-status--${n.status}`} aria-busy={n.status === "running"}>
                            {STATUS[n.status]}
                          </span>
                          <Show when={n.status === "running" && n.progress}>
                            {(p) => <NarrativeProgress progress={p()} compact />}
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        )}
      </Show>
    </PageFrame>
  );
}
