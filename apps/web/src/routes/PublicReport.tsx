import { Tabs } from "@kobalte/core/tabs";
import { useParams } from "@solidjs/router";
import { DailyChart, formatValue, KpiCard, RankingChart, ReportFrame } from "@tallyline/ui";
import { createEffect, createMemo, createResource, createSignal, For, Match, onCleanup, Show, Switch } from "solid-js";
import { PublicNarrative } from "../components/PublicNarrative";
import { ReportView } from "../components/ReportView";
import { ApiError, openPublicLink } from "../lib/api";
import { breakdownRanking, kpisOf, type PublicDocument, type PublicKpi, stampOf } from "../lib/publicLink";
import { whenDrawn } from "../lib/ready";

/**
 * `/r/{token}`: a public link, without an account and without any way into the app. Shows the
 * stamp ("snapshot of ... taken ..." or "live, computed ..."), the filters unless hidden, the KPIs
 * (choosing one shows its breakdown per day as a chart and a table, and, for a snapshot, by queue,
 * topic or agent as ranking bars with their values: tabs, from the frozen document only),
 * then every other report with the dashboard's own components; each report's definitions are
 * behind its "i". A passcode form when the link needs one; one page for every link that shows
 * nothing. Prints as sections with headings; once whatever it shows has drawn, the root carries
 * `data-ready` (what the PDF printer waits for), with `data-print-title` ("Tallyline · <title>")
 * and `data-print-period` (the stamp: "snapshot of <period> (<zone>), taken <time>").
 */
export function PublicReport() {
  const params = useParams<{ token: string }>();
  const [passcode, setPasscode] = createSignal<string>();
  const [doc] = createResource(
    () => ({ token: params.token, passcode: passcode() }),
    (p) => openPublicLink<PublicDocument>(p.token, p.passcode),
  );
  const failure = () => (doc.error instanceof ApiError ? doc.error : undefined);
  const [ready, setReady] = createSignal(false);
  let root: HTMLDivElement | undefined;
  createEffect(() => {
    setReady(false);
    if (doc.loading) return;
    let live = true;
    onCleanup(() => {
      live = false;
    });
    void whenDrawn(() => root).then(() => live && setReady(true));
  });
  const loaded = () => (doc.loading || doc.error ? undefined : doc());
  return (
    <div
      class="tl-public"
      ref={root}
      data-ready={ready() ? "true" : undefined}
      data-print-title={`Tallyline · ${loaded()?.title ?? "Public link"}`}
      data-print-period={(() => {
        const d = loaded();
        return d ? stampOf(d) : "";
      })()}
    >
      <Switch>
        <Match when={doc.loading}>
          <p class="tl-loading">Loading…</p>
        </Match>
        <Match when={failure()?.code === "passcode_required" || failure()?.code === "invalid_credentials"}>
          <PasscodeForm wrong={failure()?.code === "invalid_credentials"} onSubmit={setPasscode} />
        </Match>
        <Match when={failure()?.status === 404}>
          <section class="tl-public__gone" data-testid="public-gone">
            <h1>Link not available</h1>
            <p>This link does not exist, has expired or was revoked. Ask the person who shared it for a new one.</p>
          </section>
        </Match>
        <Match when={doc.error}>
          <p class="tl-notice" role="alert" data-testid="public-error">
            {failure()?.message ?? "This link could not be opened; try again later."}
          </p>
        </Match>
        <Match when={doc()}>{(d) => <PublicView doc={d()} />}</Match>
      </Switch>
    </div>
  );
}

function PasscodeForm(props: { wrong: boolean; onSubmit: (passcode: string) => void }) {
  return (
    <form
      class="tl-public__passcode"
      data-testid="passcode-form"
      onSubmit={(e) => {
        e.preventDefault();
        const value = String(new FormData(e.currentTarget).get("passcode") ?? "");
        props.onSubmit(value);
      }}
    >
      <h1>This link needs a passcode</h1>
      <label>
        Passcode <input name="passcode" type="password" autocomplete="off" required data-testid="passcode-input" />
      </label>
      <Show when={props.wrong}>
        <p class="tl-notice" role="alert">
          Wrong passcode.
        </p>
      </Show>
      <button type="submit" class="tl-button">
        Open
      </button>
    </form>
  );
}

function PublicView(props: { doc: PublicDocument }) {
  const kpis = createMemo(() => kpisOf(props.doc));
  const others = createMemo(() => props.doc.reports.filter((r) => r.definition.shape !== "kpi" || !r.result));
  const [chosen, setChosen] = createSignal<string>();
  const selected = createMemo(() => kpis().find((k) => k.definition.id === chosen()) ?? kpis()[0]);
  return (
    <>
      <header class="tl-public__header">
        <p class="tl-public__brand">Tallyline</p>
        <h1 class="tl-public__title" data-testid="public-title">
          {props.doc.title}
        </h1>
        <p class="tl-public__stamp" data-testid="public-stamp">
          {stampOf(props.doc)}
        </p>
        <Show when={props.doc.filters && props.doc.filters.length > 0}>
          <p class="tl-muted" data-testid="public-filters">
            Filters: {(props.doc.filters ?? []).map((f) => `${f.name} ${f.values.join(", ")}`).join("; ")}
            <Show when={props.doc.segment}>{(s) => ` (segment ${s()})`}</Show>
          </p>
        </Show>
        <Show when={props.doc.filtersHidden}>
          <p class="tl-muted">Filters are not shown.</p>
        </Show>
        <p class="tl-muted">Shared by {props.doc.createdBy}.</p>
      </header>
      <main class="tl-public__main">
        <Show when={props.doc.kind === "narrative" && props.doc.narrative}>
          {(n) => <PublicNarrative narrative={n()} />}
        </Show>
        <Show when={kpis().length > 0}>
          <section class="tl-public__section" aria-labelledby="public-kpis">
            <h2 id="public-kpis">Key figures</h2>
            <div class="tl-grid">
              <For each={kpis()}>
                {(k) => (
                  <KpiCard
                    definition={k.definition}
                    result={k.result}
                    selected={k.definition.id === selected()?.definition.id}
                    onSelect={setChosen}
                  />
                )}
              </For>
            </div>
          </section>
          <Show when={selected()}>{(k) => <KpiDrill kpi={k()} />}</Show>
        </Show>
        <For each={others()}>
          {(r) => (
            <section class="tl-public__section">
              <Show
                when={r.result}
                fallback={
                  <ReportFrame definition={r.definition}>
                    <p class="tl-notice">{r.error?.message ?? "This report could not be computed."}</p>
                  </ReportFrame>
                }
              >
                {(result) => <ReportView definition={r.definition} result={result()} />}
              </Show>
            </section>
          )}
        </For>
      </main>
    </>
  );
}

/**
 * The drill-down of one KPI: tabs "Day" (the frozen breakdown per bucket: chart and table) and one
 * per frozen breakdown (queue, topic, agent: the dashboard's ranking bars, values in a table). All
 * from the document; nothing is fetched.
 */
function KpiDrill(props: { kpi: PublicKpi }) {
  const [tab, setTab] = createSignal("day");
  const current = () => (props.kpi.breakdowns.some((b) => b.by === tab()) ? tab() : "day");
  return (
    <section class="tl-panel tl-public__section" aria-labelledby="public-breakdown" data-testid="public-breakdown">
      <h2 id="public-breakdown" class="tl-panel__title">
        {props.kpi.definition.name} by {current() === "day" ? props.kpi.result.grain : current()}
      </h2>
      <Tabs value={current()} onChange={setTab} class="tl-tabs">
        <Tabs.List class="tl-tabs__list" aria-label="Break the figure down by">
          <Tabs.Trigger value="day" class="tl-tabs__trigger" data-testid="drill-tab-day">
            {props.kpi.result.grain === "day" ? "Day" : "Period"}
          </Tabs.Trigger>
          <For each={props.kpi.breakdowns}>
            {(b) => (
              <Tabs.Trigger value={b.by} class="tl-tabs__trigger" data-testid={`drill-tab-${b.by}`}>
                {b.label}
              </Tabs.Trigger>
            )}
          </For>
          <Tabs.Indicator class="tl-tabs__indicator" />
        </Tabs.List>
        <Tabs.Content value="day">
          <DailyChart definition={props.kpi.definition} result={props.kpi.result} class="tl-chart" />
          <details class="tl-public__table">
            <summary>Breakdown as a table</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">{props.kpi.result.grain === "day" ? "Day" : "Bucket"}</th>
                  <th scope="col">{props.kpi.definition.measure.label}</th>
                </tr>
              </thead>
              <tbody>
                <For each={props.kpi.result.breakdown}>
                  {(p) => (
                    <tr>
                      <td>{p.date}</td>
                      <td>{formatValue(p.total, props.kpi.definition.measure.format)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </details>
        </Tabs.Content>
        <For each={props.kpi.breakdowns}>
          {(b) => (
            <Tabs.Content value={b.by} data-testid={`drill-${b.by}`}>
              <RankingChart definition={props.kpi.definition} result={breakdownRanking(props.kpi, b)} />
              <p class="tl-muted">
                Top {b.rows.length} by {b.label.toLowerCase()}, frozen with the snapshot; the total also counts what has
                no {b.label.toLowerCase()}.
              </p>
            </Tabs.Content>
          )}
        </For>
      </Tabs>
    </section>
  );
}
