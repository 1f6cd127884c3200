import { createAsync, type RoutePreloadFunc, revalidate, useIsRouting, useLocation, useParams } from "@solidjs/router";
import { printMedia } from "@tallyline/ui";
import { catchError, createEffect, createMemo, createSignal, For, onCleanup, Show } from "solid-js";
import { AccountMenu } from "../components/AccountMenu";
import { Boundary } from "../components/Boundary";
import { CategoryNav } from "../components/CategoryNav";
import { ChartSection } from "../components/ChartSection";
import { KpiTile } from "../components/KpiTile";
import { PdfButton } from "../components/PdfButton";
import { PeriodNotices } from "../components/PeriodNotices";
import { type DrillTarget, RecordsPanel } from "../components/RecordsPanel";
import { ReportTile } from "../components/ReportTile";
import { SegmentPicker } from "../components/SegmentPicker";
import { ShareDialog, type SharedReport, type ShareTarget } from "../components/ShareDialog";
import { FilterChips, PeriodControls, RefreshNote, ViewOptions } from "../components/ViewControls";
import { getReport, getReportList } from "../lib/api";
import { useAutoRefresh } from "../lib/autoRefresh";
import { areaHref, type Category, categoriesOf, categoryFromSearch, overviewHref } from "../lib/categories";
import { usePagePeriod } from "../lib/pagePeriod";
import { whenDrawn } from "../lib/ready";
import { hasRecords } from "../lib/records";
import { getSegments } from "../lib/segments";
import {
  autoGrain,
  type FetchBody,
  fetchBody,
  filterLabel,
  useView,
  VIEW_FILTERS,
  type ViewFilter,
  type ViewState,
} from "../lib/view";

/**
 * Reads a query outside its boundary without suspending or throwing: undefined until it has a
 * value, and after a failure, which the `<Boundary>` that reads the same query shows.
 */
const peek = <T,>(read: () => T): T | undefined => catchError(read, () => undefined);

export const preloadDashboard: RoutePreloadFunc = () => {
  void getReportList();
};

/**
 * The dashboard: the reports of one category (`?category=`, a slug; else the first of the
 * catalogue, Operations) for the view in the URL (lib/view.ts: `?period=` preset or `?from&to`,
 * else the last 30 days, or the 30 days ending on the last day with data when those have none;
 * `tz`, `grain`, `compare`, filters, `segment`). The category's KPIs are cards on
 * top with the daily chart of the selected one (`?report=`, else the first), then its other
 * reports, each drawn by the component of its shape. A period without data says where the data is.
 */
export function Dashboard() {
  const controls = useView();
  const view = controls.view;
  const setView = (next: ViewState) => controls.setView(next);
  /** A wall screen's auto-refresh (`?refresh=` minutes) and when it last reloaded. */
  const refreshed = useAutoRefresh(() => view().refresh);
  const params = useParams<{ slug?: string }>();
  const location = useLocation();
  /** The area of the page: the path's slug (`/area/{slug}`), else an old link's `?category=`. */
  const wantedArea = () => params.slug ?? view().category;
  /** The figure whose records the side panel lists, if any. */
  const [drill, setDrill] = createSignal<DrillTarget | null>(null);
  /** What the Share dialog is open for, if anything. */
  const [share, setShare] = createSignal<ShareTarget>();
  const isRouting = useIsRouting();
  const catalogue = createAsync(() => getReportList());
  const listed = () => peek(() => catalogue.latest);
  /** The data's first and last day in the API's zone, once the list has said them. */
  const dataDays = () => listed()?.data;
  /**
   * The period: the URL's, else the last 30 days, or the 30 days ending on the last day with data
   * when those have none (`parsed().moved`); `parsed().ignored` when the URL's period did not parse.
   */
  const period = usePagePeriod(controls, dataDays);
  const { viewToday, parsed, request, activePreset, showRange } = period;
  /** The chosen segment (`?segment=ID`), sent as `segmentId` with every report request of the page. */
  const segmentId = () => view().segment;
  const categories = createMemo(() => categoriesOf(listed()?.items ?? []));
  const chosen = createMemo(() => categoryFromSearch(categories(), wantedArea()));
  const category = () => chosen().category;
  const kpis = createMemo(() => category()?.reports.filter((report) => report.shape === "kpi") ?? []);
  const others = createMemo(() => category()?.reports.filter((report) => report.shape !== "kpi") ?? []);
  const selected = createMemo(() => kpis().find((report) => report.id === view().report) ?? kpis()[0]);
  /**
   * Each report's request: the page's, with only the filters the report takes (`filters` in the
   * report list); the others are named in `unapplied`, and the page says which reports they skip.
   */
  const bodies = createMemo(() => {
    const out = new Map<string, { body: FetchBody; unapplied: ViewFilter[] }>();
    for (const report of category()?.reports ?? []) {
      out.set(report.id, fetchBody(view(), { today: viewToday(), opening: parsed().period, takes: report.filters }));
    }
    return out;
  });
  const bodyFor = (reportId: string): FetchBody => bodies().get(reportId)?.body ?? request();
  /** A report as the Share dialog sends it: its own request, and the active filters it cannot take. */
  const sharedReport = (report: { id: string; name: string }): SharedReport => ({
    id: report.id,
    name: report.name,
    query: bodyFor(report.id),
    dropped: bodies().get(report.id)?.unapplied ?? [],
  });
  /** The filters at least one report of the page takes, in the order the controls offer them. */
  const offeredFilters = createMemo(() =>
    VIEW_FILTERS.filter((name) => (category()?.reports ?? []).some((r) => r.filters.includes(name))),
  );
  /** Reports of the page shown without some active filter (they cannot take it). */
  const skipped = createMemo(() =>
    (category()?.reports ?? [])
      .map((r) => ({ name: r.name, filters: bodies().get(r.id)?.unapplied ?? [] }))
      .filter((r) => r.filters.length > 0),
  );
  /** Active filters no report of the page takes. */
  const unappliedEverywhere = createMemo(() =>
    VIEW_FILTERS.filter((name) => view().filters[name] && !offeredFilters().includes(name)),
  );
  /** The report whose result names the period, time zone and "today" in the header. */
  const headline = createMemo(() => selected() ?? others()[0]);
  const headlineResult = createAsync(async () => {
    const report = headline();
    return report ? getReport(report.id, bodyFor(report.id)) : undefined;
  });
  const known = createMemo(() => peek(() => headlineResult.latest));
  const { shown, shownDays, emptyPeriod, printPage } = period.onScreen(known);

  /** The chosen segment as the workspace lists it (name and filters), for the printed header. */
  const segments = createAsync(() => (segmentId() === undefined ? Promise.resolve([]) : getSegments()));
  const segment = createMemo(() => {
    const id = segmentId();
    return id === undefined ? undefined : peek(() => segments.latest)?.find((s) => s.id === id);
  });

  /**
   * True once every report of the page has answered (or failed) and drawn: the page then carries
   * `data-ready`, which the PDF printer waits for (apps/api/src/pdf/printer.ts).
   */
  const [ready, setReady] = createSignal(false);
  let main: HTMLElement | undefined;
  createEffect(() => {
    const list = listed() ? (category()?.reports ?? []) : undefined;
    const id = segmentId();
    setReady(false);
    if (list === undefined) return;
    let live = true;
    onCleanup(() => {
      live = false;
    });
    void Promise.allSettled([
      ...list.map((report) => getReport(report.id, bodyFor(report.id))),
      ...(id ? [getSegments()] : []),
    ])
      .then(() => whenDrawn(() => main))
      .then(() => live && setReady(true));
  });
  const printPeriod = () => {
    const result = known();
    return result ? `${result.period} (${result.timezone})` : `${shown().from} to ${shown().to}`;
  };

  /** The same view (period, zone, grain, compare, filters, segment), another area (and its own first KPI). */
  const hrefFor = (target: Category) => areaHref(target.slug, location.search);

  return (
    <div
      class="tl-app"
      data-ready={ready() ? "true" : undefined}
      data-print-title={`Tallyline · ${category()?.name ?? "Dashboard"}`}
      data-print-period={printPeriod()}
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
            current={category()}
            hrefFor={hrefFor}
            overviewHref={overviewHref(location.search)}
          />
        </Show>
        <main class="tl-main" aria-busy={isRouting()} ref={main}>
          <Show when={printMedia()}>
            <section class="tl-print-header" data-testid="print-header" aria-label="What this page shows">
              <p class="tl-print-header__title">Tallyline · {category()?.name ?? "Dashboard"}</p>
              <dl>
                <dt>Period</dt>
                <dd data-testid="print-period">
                  {known()?.period ?? `${shown().from} to ${shown().to}`}
                  <Show when={known()?.previousFrom && known()?.previousTo}>
                    {" "}
                    (compared with {known()?.previousFrom} to {known()?.previousTo})
                  </Show>
                </dd>
                <dt>Time zone</dt>
                <dd data-testid="print-timezone">{known()?.timezone ?? dataDays()?.timezone ?? "the server's"}</dd>
                <dt>Filters</dt>
                <dd data-testid="print-filters">
                  <Show when={VIEW_FILTERS.some((name) => view().filters[name])}>
                    {VIEW_FILTERS.filter((name) => view().filters[name])
                      .map((name) => `${filterLabel(name)} = ${(view().filters[name] ?? []).join(", ")}`)
                      .join("; ")}
                    <Show when={segmentId()}>; </Show>
                  </Show>
                  <Show
                    when={segmentId()}
                    fallback={VIEW_FILTERS.some((name) => view().filters[name]) ? "" : "None: all data"}
                  >
                    <Show when={segment()} fallback={`Segment ${segmentId()}`}>
                      {(s) => (
                        <>
                          Segment “{s().name}”:{" "}
                          {Object.entries(s().filters)
                            .map(([name, values]) => `${name} = ${values.join(", ")}`)
                            .join("; ")}
                        </>
                      )}
                    </Show>
                  </Show>
                </dd>
              </dl>
            </section>
          </Show>
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
            <button type="button" class="tl-button tl-button--quiet" onClick={() => void revalidate()}>
              Refresh
            </button>
            <Show when={category()}>
              {(current) => (
                <button
                  type="button"
                  class="tl-button tl-button--quiet"
                  data-testid="share-page"
                  onClick={() =>
                    setShare({ title: current().name, reports: current().reports.slice(0, 20).map(sharedReport) })
                  }
                >
                  Share page
                </button>
              )}
            </Show>
          </div>
          <FilterChips view={view()} onChange={setView} unapplied={unappliedEverywhere()} />
          <Show when={skipped().length > 0}>
            <p class="tl-notice" role="status" data-testid="filters-skipped">
              Shown without some filters, which these reports cannot take:{" "}
              {skipped()
                .map((r) => `${r.name} (${r.filters.map(filterLabel).join(", ")})`)
                .join("; ")}
              .
            </p>
          </Show>
          <PeriodNotices
            moved={parsed().moved ? dataDays() : undefined}
            empty={emptyPeriod()}
            shown={shown()}
            ignored={parsed().ignored}
            onShowRange={showRange}
          />
          <Show when={chosen().unknown && category()}>
            {(fallback) => (
              <p class="tl-notice" role="status">
                There is no category “{wantedArea()}”; showing {fallback().name}.
              </p>
            )}
          </Show>
          <Boundary
            subject="the report list"
            retryKeys={getReportList.key}
            loading={<p class="tl-loading">Loading reports…</p>}
          >
            <Show
              when={catalogue() && category()}
              fallback={<p class="tl-notice">No reports are defined on this server.</p>}
            >
              {(current) => (
                <section class="tl-category" aria-labelledby="category-title" data-testid="category">
                  <h2 id="category-title" class="tl-category__title">
                    {current().name}
                  </h2>
                  <Show when={kpis().length > 0}>
                    <section class="tl-grid" aria-label="Key figures">
                      <For each={kpis()}>
                        {(definition) => (
                          <KpiTile
                            definition={definition}
                            period={bodyFor(definition.id)}
                            selected={definition.id === selected()?.id}
                            onSelect={(id) => controls.setView((v) => ({ ...v, report: id }), { replace: true })}
                            onDrill={hasRecords(definition) ? setDrill : undefined}
                          />
                        )}
                      </For>
                    </section>
                  </Show>
                  <Show when={selected()}>
                    {(definition) => (
                      <ChartSection
                        definition={definition()}
                        period={bodyFor(definition().id)}
                        onDrill={hasRecords(definition()) ? setDrill : undefined}
                        onShare={() => setShare({ title: definition().name, reports: [sharedReport(definition())] })}
                      />
                    )}
                  </Show>
                  <Show when={others().length > 0}>
                    <div class="tl-reports">
                      <For each={others()}>
                        {(definition) => (
                          <ReportTile
                            definition={definition}
                            period={bodyFor(definition.id)}
                            onDrill={hasRecords(definition) ? setDrill : undefined}
                            onShare={() => setShare({ title: definition.name, reports: [sharedReport(definition)] })}
                          />
                        )}
                      </For>
                    </div>
                  </Show>
                </section>
              )}
            </Show>
          </Boundary>
          <RecordsPanel target={drill()} onClose={() => setDrill(null)} />
          <ShareDialog target={share()} onClose={() => setShare(undefined)} />
        </main>
      </div>
    </div>
  );
}
