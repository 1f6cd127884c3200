import { createAsync } from "@solidjs/router";
import { ReportActionsContext, type ReportDefinition, ReportFrame } from "@tallyline/ui";
import { lazy, Show } from "solid-js";

/** Weekday names, Monday = 1 (as heatmap cells and the records route count them). */
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

import { getReport } from "../lib/api";
import type { PeriodRequest } from "../lib/period";
import { Boundary } from "./Boundary";
import { DownloadMenu } from "./DownloadMenu";
import { ErrorNotice } from "./ErrorNotice";
import type { DrillTarget } from "./RecordsPanel";

/** The renderers of the non-KPI shapes, with their charts, tables and grids: a chunk of their own. */
const ReportView = lazy(() => import("./ReportView").then((m) => ({ default: m.ReportView })));

export interface ReportTileProps {
  definition: ReportDefinition;
  period: PeriodRequest;
  /** Opens the records behind a ranking or table row; given only for reports with records. */
  onDrill?: (target: DrillTarget) => void;
  /** Opens the Share dialog for this report (a public link). */
  onShare?: () => void;
}

/**
 * One non-KPI report: fetches it and renders it with the component of its shape; while loading,
 * its frame with a placeholder (`report-loading-{id}`); on failure, its frame with the error and
 * a Retry (`report-error-{id}`).
 */
export function ReportTile(props: ReportTileProps) {
  const result = createAsync(() => getReport(props.definition.id, props.period));
  // The download menu in the card's or frame's header (packages/ui ReportActions), for this report and request.
  const actions = () => (
    <DownloadMenu reportId={props.definition.id} reportName={props.definition.name} period={props.period} />
  );
  const tile = () => (
    <Boundary
      subject={props.definition.name}
      retryKeys={getReport.keyFor(props.definition.id, props.period)}
      loading={
        <ReportFrame
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
          <div class="tl-tile">
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
                      props.onDrill?.({
                        reportId: props.definition.id,
                        reportName: props.definition.name,
                        figure: `${label}, ${report().period}`,
                        period: props.period,
                        selector: { key },
                        timezone: report().timezone,
                      })
                  : undefined
              }
              onCellDrill={
                props.onDrill && report().shape === "heatmap"
                  ? (weekday, hour) =>
                      props.onDrill?.({
                        reportId: props.definition.id,
                        reportName: props.definition.name,
                        figure: `${WEEKDAYS[weekday - 1]} ${String(hour).padStart(2, "0")}:00-${String(hour + 1).padStart(2, "0")}:00, ${report().period}`,
                        period: props.period,
                        selector: { cell: { weekday, hour } },
                        timezone: report().timezone,
                      })
                  : undefined
              }
            />
          </div>
        )}
      </Show>
    </Boundary>
  );
  return <ReportActionsContext.Provider value={actions}>{tile()}</ReportActionsContext.Provider>;
}
