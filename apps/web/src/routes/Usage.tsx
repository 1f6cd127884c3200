/**
 * `/settings/usage` (seed 000 "View token usage in Settings → Usage"): the tokens narrative reports
 * used per calendar month (UTC), prompt and completion, as the AI server reported them
 * (`GET /narratives/usage`), and per report (`GET /narratives`). Reports written by rules use none.
 */
import { A } from "@solidjs/router";
import { formatCount } from "@tallyline/ui";
import { createResource, For, Show } from "solid-js";
import { PageFrame } from "../components/PageFrame";
import { describeError } from "../lib/api";
import { narrativesApi, usageTotals } from "../lib/narratives";
import { utcMinute } from "../lib/publicLink";

/** The Usage page. */
export function Usage() {
  const [months] = createResource(() => narrativesApi.usage());
  const [reports] = createResource(() => narrativesApi.list());
  const withTokens = () =>
    (reports.latest ?? []).filter((n) => (n.usage?.promptTokens ?? 0) + (n.usage?.completionTokens ?? 0) > 0);
  return (
    <PageFrame title="Settings · Usage" mainClass="tl-main tl-narr">
      <p class="tl-muted">
        Tokens the AI server reported for narrative reports, per calendar month (UTC). Calls for reports since deleted
        still count. Reports written by rules use no tokens. See <A href="/reports">Reports</A>.
      </p>
      <Show when={months.error}>
        <p class="tl-notice" role="alert">
          Could not load the usage: {describeError(months.error).message}
        </p>
      </Show>
      <section class="tl-report__section">
        <h2>Per month</h2>
        <Show when={months.latest} fallback={<p class="tl-loading">Loading…</p>}>
          {(list) => (
            <Show
              when={list().length > 0}
              fallback={<p data-testid="usage-empty">No tokens used yet: no report was written by an AI server.</p>}
            >
              <div class="tl-table__scroll">
                <table class="tl-table" data-testid="usage-table">
                  <thead>
                    <tr>
                      <th scope="col">Month</th>
                      <th scope="col">Model calls</th>
                      <th scope="col">Prompt tokens</th>
                      <th scope="col">Completion tokens</th>
                      <th scope="col">Total tokens</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={list()}>
                      {(m) => (
                        <tr data-testid="usage-month" data-month={m.month}>
                          <th scope="row">{m.month}</th>
                          <td data-testid="usage-calls">{formatCount(m.calls)}</td>
                          <td data-testid="usage-prompt">{formatCount(m.promptTokens)}</td>
                          <td data-testid="usage-completion">{formatCount(m.completionTokens)}</td>
                          <td>{formatCount(m.promptTokens + m.completionTokens)}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">All months</th>
                      <td>{formatCount(usageTotals(list()).calls)}</td>
                      <td data-testid="usage-total-prompt">{formatCount(usageTotals(list()).promptTokens)}</td>
                      <td data-testid="usage-total-completion">{formatCount(usageTotals(list()).completionTokens)}</td>
                      <td>{formatCount(usageTotals(list()).promptTokens + usageTotals(list()).completionTokens)}</td>
                    </tr>
                  </tfoot>
                </table>
              </div>
            </Show>
          )}
        </Show>
      </section>
      <section class="tl-report__section">
        <h2>Per report</h2>
        <Show when={reports.latest} fallback={<p class="tl-loading">Loading…</p>}>
          <Show when={withTokens().length > 0} fallback={<p>No kept report used tokens.</p>}>
            <div class="tl-table__scroll">
              <table class="tl-table" data-testid="usage-reports">
                <thead>
                  <tr>
                    <th scope="col">Report</th>
                    <th scope="col">Generated</th>
                    <th scope="col">Prompt tokens</th>
                    <th scope="col">Completion tokens</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={withTokens()}>
                    {(n) => (
                      <tr data-testid="usage-report">
                        <th scope="row">
                          <A href={`/reports/${n.id}`}>{n.name}</A>
                        </th>
                        <td>{n.generatedAt ? utcMinute(n.generatedAt) : "–"}</td>
                        <td>{formatCount(n.usage?.promptTokens ?? 0)}</td>
                        <td>{formatCount(n.usage?.completionTokens ?? 0)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        </Show>
      </section>
    </PageFrame>
  );
}
