import { createAsync, Navigate, type RoutePreloadFunc, useIsRouting, useLocation } from "@solidjs/router";
import { formatValue, KpiCard, type RankingResult, type ReportDefinition } from "@tallyline/ui";
import { catchError, createEffect, createMemo, createSignal, For, Match, onCleanup, Show, Switch } from "solid-js";
import { AccountMenu } from "../components/AccountMenu";
import { Boundary } from "../components/Boundary";
import { CategoryNav } from "../components/CategoryNav";
import { ErrorNotice } from "../components/ErrorNotice";
import { KpiPlaceholder } from "../components/KpiPlaceholder";
import { PdfButton } from "../components/PdfButton";
import { PeriodNotices } from "../components/PeriodNotices";
import { SegmentPicker } from "../components/SegmentPicker";
import { FilterChips, PeriodControls, RefreshNote, ViewOptions } from "../components/ViewControls";
import { type BatchAnswer, batchError, getBatch, getReportList, resultOfShape } from "../lib/api";
import { useAutoRefresh } from "../lib/autoRefresh";
import { areaHref, categoriesOf, legacyAreaHref, overviewHref } from "../lib/categories";
import { type Area, overviewAreas, overviewQueries, RANKING_ROWS } from "../lib/overview";
import { usePagePeriod } from "../lib/pagePeriod";
import { whenDrawn } from "../lib/ready";
import { autoGrain, fetchBody, useView, VIEW_FILTERS, type ViewState } from "../lib/view";
import "./overview.css";

/** Reads a query without suspending or throwing: undefined until it has a value, and after a failure. */
const peek = <T,>(read: () => T): T | undefined => catchError(read, () => undefined);

export const preloadOverview: RoutePreloadFunc = () => {
  void getReportList();
};

/**
 * The landing page (`/`): for the view in the URL (lib/view.ts, as the area pages read it: period
 * preset or `?from&to`, else the last 30 days, or the 30 days ending on the last day with data;
 * zone, grain, compare, filters, segment), the headline figures of each
 * area present in the data (lib/overview.ts HEADLINES; areas whose reports have no data are hidden),
 * each with a link "Open {area}" keeping the period; all loaded with ONE `POST /reports/batch`.
 * An old link `/?category=...` goes to that area's page. `data-ready` once every figure has drawn.
 * A headline whose report cannot take an active filter is sent without it (the page says which).
 */
export function Overview() {
  const location = useLocation();
  const legacy = legacyAreaHref(location.search);
  return (
    <Show when={legacy} fallback={<OverviewPage />}>
      {(href) => <Navigate href={href()} />}
    </Show>
  );
}

function OverviewPage() {
  const controls = useView();
  const view = controls.view;
  const setView = (next: ViewState) => controls.setView(next);
  /** A wall screen's auto-refresh (`?refresh=` minutes) and when it last reloaded. */
  const refreshed = useAutoRefresh(() => view().refresh);
  const location = useLocation();
  const isRouting = useIsRouting();
  const catalogue = createAsync(() => getReportList());
  const listed = () => peek(() => catalogue.latest);
  const dataDays = () => listed()?.data;
  /** The period (as the area pages choose it when the URL names none) and the page's request. */
  const period = usePagePeriod(controls, dataDays);
  const { viewToday, parsed, request, activePreset, showRange } = period;
  const segmentId = () => view().segment;
  const categories = createMemo(() => categoriesOf(listed()?.items ?? []));
  const layout = createMemo(() => overviewAreas(categories()));
  /** Each headline with the page's request, less the filters its report cannot take. */
  const queries = createMemo(() =>
    overviewQueries(layout().areas, request()).map((q) => {
      const report = listed()?.items.find((r) => r.id === q.reportId);
      return report
        ? {
            ...q,
            query: fetchBody(view(), { today: viewToday(), opening: parsed().period, takes: report.filters }).body,
          }
        : q;
    }),
  );
  /** Filters some headline of the page takes, in the order the controls offer them. */
  const offeredFilters = createMemo(() =>
    VIEW_FILTERS.filter((name) => layout().areas.some((a) => a.headlines.some((r) => r.filters.includes(name)))),
  );
  /** Active filters no headline takes. */
  const unappliedEverywhere = createMemo(() =>
    VIEW_FILTERS.filter((name) => view().filters[name] && !offeredFilters().includes(name)),
  );
  /** The one batch of the page (undefined until the list is known, or when no area has data). */
  const batch = createAsync(async () => {
    const list = queries();
    return listed() && list.length > 0 ? getBatch(list) : undefined;
  });
  const answers = createMemo(() => {
    const got = peek(() => batch.latest);
    return new Map((got ?? []).map((answer) => [answer.reportId, answer]));
  });
  /** The first result: it names the period, time zone and comparison in the header. */
  const known = createMemo(() => {
    for (const answer of answers().values()) if ("result" in answer) return answer.result;
    return undefined;
  });
  const { shown, shownDays, emptyPeriod, printPage } = period.onScreen(known);

  /** True once the list and the batch have answered (or failed) and every figure has drawn. */
  const [ready, setReady] = createSignal(false);
  let main: HTMLElement | undefined;
  createEffect(() => {
    const list = listed() ? queries() : undefined;
    setReady(false);
    if (list === undefined) return;
    let live = true;
    onCleanup(() => {
      live = false;
    });
    void Promise.allSettled(list.length > 0 ? [getBatch(list)] : [])
      .then(() => whenDrawn(() => main))
      .then(() => live && setReady(true));
  });
  /** The areas' sections with the answers so far (placeholders for the others). */
  const areasView = (got: ReadonlyMap<string, BatchAnswer>) => (
    <div class="tl-areas">
      <For each={layout().areas}>
        {(area) => <AreaSection area={area} answers={got} href={areaHref(area.category.slug, location.search)} />}
      </For>
    </div>
  );

  return (
    <div
      class="tl-app"
      data-ready={ready() ? "true" : undefined}
      data-print-title="Tallyline · Overview"
      data-print-period={known() ? `${known()?.period} (${known()?.timezone})` : `${shown().from} to ${shown().to}`}
    >
      <header class="tl-topbar">
        <div class="tl-brand">
          <span class="tl-brand__mark" aria-hidden="true" />
          <h1 class="tl-brand__name">Tallyline</h1>
        </div>
        <PeriodControls view={view()} active={activePreset()} shown={shown()} onChange={setView} />
        <SegmentPicker current={segmentId()} onChange={(id) => setView({ ...view(), segment: id })} />
        <ViewOptions
          view={view()}
          zone={known()?.timezone}
          serverZone={dataDays()?.timezone}
          days={shownDays()}
          autoGrain={autoGrain(shownDays())}
          filters={offeredFilters()}
          onChange={setView}
        />
        <PdfButton page={printPage} />
        <AccountMenu />
      </header>
      <div class="tl-layout">
        <Show when={categories().length > 0}>
          <CategoryNav
            categories={categories()}
            current={undefined}
            hrefFor={(c) => areaHref(c.slug, location.search)}
            overviewHref={overviewHref(location.search)}
          />
        </Show>
        <main class="tl-main" aria-busy={isRouting()} ref={main} data-testid="overview">
          <div class="tl-summary">
            <p class="tl-summary__period" data-testid="period">
              <Show when={known()} fallback={`${shown().from} to ${shown().to}`}>
                {(result) => (
                  <>
                    <strong>{result().period}</strong>
                    <Show when={result().previousFrom && result().previousTo}>
                      <span class="tl-muted">
                        {" "}
                        · compared with {result().previousFrom} to {result().previousTo}
                      </span>
                    </Show>
                  </>
                )}
              </Show>
            </p>
            <RefreshNote minutes={view().refresh} last={refreshed()} />
          </div>
          <FilterChips view={view()} onChange={setView} unapplied={unappliedEverywhere()} />
          <PeriodNotices
            moved={parsed().moved ? dataDays() : undefined}
            empty={emptyPeriod()}
            shown={shown()}
            ignored={parsed().ignored}
            onShowRange={showRange}
          />
          <Boundary
            subject="the report list"
            retryKeys={getReportList.key}
            loading={<p class="tl-loading">Loading reports…</p>}
          >
            <Show when={catalogue()}>
              <h2 class="tl-category__title">Overview</h2>
              <Boundary subject="the headline figures" retryKeys={getBatch.key} loading={areasView(new Map())}>
                <Show when={batch() ?? true}>{areasView(answers())}</Show>
              </Boundary>
              <Show when={layout().more.length > 0}>
                <nav class="tl-areas__more" aria-label="More areas" data-testid="more-areas">
                  <h2 class="tl-areas__more-title">More in the data</h2>
                  <ul>
                    <For each={layout().more}>
                      {(category) => (
                        <li>
                          <a href={areaHref(category.slug, location.search)} data-testid={`open-${category.slug}`}>
                            {category.name}
                          </a>
                        </li>
                      )}
                    </For>
                  </ul>
                </nav>
              </Show>
            </Show>
          </Boundary>
        </main>
      </div>
    </div>
  );
}

/** One area: its name, "Open {area}", and its headline figures from the batch's answers. */
function AreaSection(props: { area: Area; answers: ReadonlyMap<string, BatchAnswer>; href: string }) {
  const slug = () => props.area.category.slug;
  return (
    <section class="tl-area" aria-labelledby={`area-${slug()}-title`} data-testid={`area-${slug()}`}>
      <header class="tl-area__header">
        <h3 id={`area-${slug()}-title`} class="tl-area__title">
          {props.area.category.name}
        </h3>
        <a class="tl-area__open" href={props.href} data-testid={`open-${slug()}`}>
          Open {props.area.category.name}
        </a>
      </header>
      <div class="tl-grid">
        <For each={props.area.headlines}>
          {(definition) => <Headline definition={definition} answer={props.answers.get(definition.id)} />}
        </For>
      </div>
    </section>
  );
}

/** A headline figure: a KPI card, the top rows of a ranking, its own error, or a placeholder. */
function Headline(props: { definition: ReportDefinition; answer: BatchAnswer | undefined }) {
  return (
    <Switch fallback={<KpiPlaceholder name={props.definition.name} />}>
      <Match when={props.answer && batchError(props.answer)}>
        {(error) => (
          <article class="tl-kpi tl-kpi--error" data-testid={`kpi-error-${props.definition.id}`}>
            <ErrorNotice subject={props.definition.name} error={error()} />
          </article>
        )}
      </Match>
      <Match when={props.answer && "result" in props.answer ? props.answer.result : undefined}>
        {(result) => (
          <Show
            when={props.definition.shape === "kpi"}
            fallback={<TopRows definition={props.definition} result={resultOfShape(result(), "ranking")} />}
          >
            <KpiCard definition={props.definition} result={resultOfShape(result(), "kpi")} />
          </Show>
        )}
      </Match>
    </Switch>
  );
}

/** The first {@link RANKING_ROWS} rows of a ranking (e.g. agents by conversations), values in the measure's format. */
function TopRows(props: { definition: ReportDefinition; result: RankingResult }) {
  const format = () => props.result.measure.format;
  return (
    <article class="tl-kpi tl-kpi--ranking" data-testid={`kpi-${props.definition.id}`}>
      <header class="tl-kpi__header">
        <h4 class="tl-kpi__label">
          Top {props.definition.dimension ? `${props.definition.dimension.toLowerCase()}s` : "rows"} by{" "}
          {props.result.measure.label.toLowerCase()}
        </h4>
      </header>
      <Show when={props.result.rows.length > 0} fallback={<p class="tl-muted">None in this period.</p>}>
        <ol class="tl-toprows">
          <For each={props.result.rows.slice(0, RANKING_ROWS)}>
            {(row) => (
              <li class="tl-toprows__row" data-testid="top-row">
                <span class="tl-toprows__label">{row.label}</span>{" "}
                <span class="tl-toprows__value" data-value={row.value ?? ""}>
                  {formatValue(row.value, format())}
                </span>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </article>
  );
}
