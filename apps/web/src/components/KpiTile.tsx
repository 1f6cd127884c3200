import { createAsync } from "@solidjs/router";
import { KpiCard, ReportActionsContext, type ReportDefinition } from "@tallyline/ui";
import { Show } from "solid-js";
import { getReport, resultOfShape } from "../lib/api";
import type { PeriodRequest } from "../lib/period";
import { noRecordsReason } from "../lib/records";
import { Boundary } from "./Boundary";
import { DownloadMenu } from "./DownloadMenu";
import { ErrorNotice } from "./ErrorNotice";
import { KpiPlaceholder } from "./KpiPlaceholder";
import type { DrillTarget } from "./RecordsPanel";

export interface KpiTileProps {
  definition: ReportDefinition;
  period: PeriodRequest;
  selected: boolean;
  onSelect: (reportId: string) => void;
  /** Opens the records behind the value; given only for reports with records. */
  onDrill?: (target: DrillTarget) => void;
}

/** One grid cell: fetches a KPI and shows its card, a placeholder while loading, or its error. */
export function KpiTile(props: KpiTileProps) {
  const result = createAsync(() => getReport(props.definition.id, props.period));
  // The download menu in the card's or frame's header (packages/ui ReportActions), for this report and request.
  const actions = () => (
    <DownloadMenu reportId={props.definition.id} reportName={props.definition.name} period={props.period} />
  );
  const tile = () => (
    <Boundary
      subject={props.definition.name}
      retryKeys={getReport.keyFor(props.definition.id, props.period)}
      loading={<KpiPlaceholder name={props.definition.name} />}
      renderError={(error, retry) => (
        <article class="tl-kpi tl-kpi--error" data-testid={`kpi-error-${props.definition.id}`}>
          <ErrorNotice subject={props.definition.name} error={error} onRetry={retry} />
        </article>
      )}
    >
      <Show when={result()}>
        {(report) => (
          <KpiCard
            definition={props.definition}
            result={resultOfShape(report(), "kpi")}
            selected={props.selected}
            onSelect={props.onSelect}
            noRecords={noRecordsReason(props.definition)}
            onDrill={
              props.onDrill
                ? () =>
                    props.onDrill?.({
                      reportId: props.definition.id,
                      reportName: props.definition.name,
                      figure: `${report().period}, whole period`,
                      period: props.period,
                      selector: {},
                      timezone: report().timezone,
                    })
                : undefined
            }
          />
        )}
      </Show>
    </Boundary>
  );
  return <ReportActionsContext.Provider value={actions}>{tile()}</ReportActionsContext.Provider>;
}
