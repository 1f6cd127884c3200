import { HourDayGrid, ReportActionsContext, type ReportDefinition, ReportFrame } from "@tallyline/ui";
import { createSignal, lazy, Show } from "solid-js";
import { getReport, resultOfShape } from "../lib/api";
import { createFittedReport, createWidth } from "../lib/fit";
import type { PeriodRequest } from "../lib/period";
import { drillFilterOf, hasRecords, noRecordsReason } from "../lib/records";
import { Boundary } from "./Boundary";
import { DownloadMenu } from "./DownloadMenu";
import { ErrorNotice } from "./ErrorNotice";
import type { DrillTarget } from "./RecordsPanel";

/** Weekday names, Monday = 1 (as heatmap cells and the records route count them). */
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** The renderers of the non-KPI shapes, with their charts, tables and grids: a chunk of their own. */
const ReportView = lazy(() => import("./ReportView").then((m) => ({ default: m.ReportView })));

export interface ReportTileProps {
  definition: ReportDefinition;
  period: PeriodRequest;
  /** Opens the records behind a ranking or table row, a heatmap cell or a series' point; given only for reports with records. */
  onDrill?: (target: DrillTarget) => void;
  /** Opens the Share dialog for this report (a public link). */
  onShare?: () => void;
}

/**
 * One non-KPI report: fetches it and renders it with the component of its shape; while loading,
 * its frame with a placeholder (`report-loading-{id}`); on failure, its frame with the error and
 * a Retry (`report-error-{id}`). A timeseries is fetched at the coarser grain its width needs when
 * the page's buckets are more than its pixels hold (lib/fit.ts; `grain-note` says so). Under a
 * report without records, why (`no-records-{id}`).
 */
export function ReportTile(props: ReportTileProps) {
  const [box, setBox] = createSignal<HTMLElement>();
  const width = createWidth(box);
  const timeseries = () => props.definition.shape === "timeseries";
  const { result, fitted, page } = createFittedReport(
    () => props.definition.id,
    () => props.period,
    () => (timeseries() ? width() : 0),
  );
  /** The request the shown result answers: its records are asked with it, so buckets are the ones drawn. */
  const shownRequest = () => fitted()?.request ?? props.period;
  const reason = () => noRecordsReason(props.definition);
  /** True while an hourly report moved to days is shown as an hour-of-day x day grid instead. */
  const [grid, setGrid] = createSignal(false);
  // The download menu in the card's or frame's header (packages/ui ReportActions), for this report and request.
  const actions = () => (
    <DownloadMenu reportId={props.definition.id} reportName={props.definition.name} period={props.period} />
  );
  const drill = (
    figure: string,
    selector: DrillTarget["selector"],
    timezone: string,
    filter?: DrillTarget["filter"],
    request: PeriodRequest = shownRequest(),
  ) =>
    props.onDrill?.({
      reportId: props.definition.id,
      reportName: props.definition.name,
      figure,
      period: request,
      selector,
      timezone,
      ...(filter ? { filter } : {}),
    });
  const tile = () => (
    <Boundary
      subject={props.definition.name}
      retryKeys={getReport.keyFor(props.definition.id, shownRequest())}
      loading={
        <ReportFrame
          ref={setBox}
          definition={props.definition}
          aria-busy="true"
          data-testid={`report-loading-${props.definition.id}`}
        >
          <div class="tl-report__placeholder" />
        </ReportFrame>
      }
      renderError={(error, retry) => (
        <ReportFrame
          definition={props.definition}
          class="tl-report--error"
          data-testid={`report-error-${props.definition.id}`}
        >
          <ErrorNotice subject={props.definition.name} error={error} onRetry={retry} />
        </ReportFrame>
      )}
    >
      <Show when={result()}>
        {(report) => (
          <div class="tl-tile" ref={setBox}>
            <Show when={props.onShare}>
              <button
                type="button"
                class="tl-button tl-button--quiet tl-button--small tl-tile__share"
                data-testid={`share-${props.definition.id}`}
                onClick={() => props.onShare?.()}
              >
                Share
              </button>
            </Show>
            <ReportView
              definition={props.definition}
              result={report()}
              onRowDrill={
                props.onDrill &&
                (report().shape === "ranking" || report().shape === "table" || report().shape === "distribution")
                  ? (key, label) =>
                      drill(
                        `${label}, ${report().period}`,
                        { key },
                        report().timezone,
                        drillFilterOf(props.definition, key, label),
                      )
                  : undefined
              }
              onCellDrill={
                props.onDrill && report().shape === "heatmap"
                  ? (weekday, hour) =>
                      drill(
                        `${WEEKDAYS[weekday - 1]} ${String(hour).padStart(2, "0")}:00-${String(hour + 1).padStart(2, "0")}:00, ${report().period}`,
                        { cell: { weekday, hour } },
                        report().timezone,
                      )
                  : undefined
              }
              onPointDrill={
                props.onDrill && report().shape === "timeseries"
                  ? (bucket, series, label) => {
                      const split = props.definition.dimension !== null;
                      const key = series.id === "" ? null : series.id;
                      drill(
                        `${label}, ${bucket.replace("T", " ")} (${report().grain})`,
                        split ? { measure: series.measureId, bucket, key } : { measure: series.measureId, bucket },
                        report().timezone,
                        split ? drillFilterOf(props.definition, key, label) : undefined,
                      );
                    }
                  : undefined
              }
              isPointDrillable={(series) => hasRecords(props.definition, series.measureId)}
            />
            <Show when={fitted()?.movedFrom}>
              {(from) => (
                <p class="tl-muted tl-drill-note" data-testid="grain-note" data-grain={fitted()?.request.grain}>
                  Shown per {fitted()?.request.grain}: per {from()} the period has more points than this chart's{" "}
                  {width()} px hold.
                  <Show when={from() === "hour"}>
                    {" "}
                    <button
                      type="button"
                      class="tl-button tl-button--quiet tl-button--small"
                      aria-pressed={grid()}
                      data-testid="hour-day-toggle"
                      onClick={() => setGrid(!grid())}
                    >
                      Hour of day × day
                    </button>
                  </Show>
                </p>
              )}
            </Show>
            <Show when={grid() && fitted()?.movedFrom === "hour" ? page() : undefined}>
              {(hourly) => (
                <HourDayGrid
                  result={resultOfShape(hourly(), "timeseries")}
                  isDrillable={(series) => hasRecords(props.definition, series.measureId)}
                  onCellClick={
                    props.onDrill
                      ? (bucket, series) =>
                          drill(
                            `${series.label}, ${bucket.replace("T", " ")} (hour)`,
                            props.definition.dimension !== null
                              ? { measure: series.measureId, bucket, key: series.id === "" ? null : series.id }
                              : { measure: series.measureId, bucket },
                            hourly().timezone,
                            undefined,
                            props.period,
                          )
                      : undefined
                  }
                />
              )}
            </Show>
            <Show when={reason()}>
              {(text) => (
                <p class="tl-muted tl-drill-note" data-testid={`no-records-${props.definition.id}`}>
                  {text()}
                </p>
              )}
            </Show>
          </div>
        )}
      </Show>
    </Boundary>
  );
  return <ReportActionsContext.Provider value={actions}>{tile()}</ReportActionsContext.Provider>;
}
