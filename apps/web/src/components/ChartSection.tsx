import { DailyChart, type ReportDefinition } from "@tallyline/ui";
import { catchError, Show } from "solid-js";
import { getReport, resultOfShape } from "../lib/api";
import { createFittedReport, createWidth } from "../lib/fit";
import type { PeriodRequest } from "../lib/period";
import { noRecordsReason } from "../lib/records";
import { Boundary } from "./Boundary";
import type { DrillTarget } from "./RecordsPanel";

export interface ChartSectionProps {
  definition: ReportDefinition;
  period: PeriodRequest;
  /** Opens the records behind a clicked day; given only for reports with records. */
  onDrill?: (target: DrillTarget) => void;
  /** Opens the Share dialog for the selected KPI (a public link). */
  onShare?: () => void;
}

/**
 * The selected KPI per day over the period, with the period label of its result; per week or month
 * when the days are more points than the chart's pixels hold (lib/fit.ts; `grain-note` says so).
 * A click on a bucket, or its button in the chart's data table, opens its records (the request of
 * the grain drawn); a KPI without records says why (`no-records-{id}`).
 */
export function ChartSection(props: ChartSectionProps) {
  let section: HTMLElement | undefined;
  const width = createWidth(() => section);
  const fittedReport = createFittedReport(
    () => props.definition.id,
    () => props.period,
    width,
  );
  const result = () => {
    const report = fittedReport.result();
    return report ? resultOfShape(report, "kpi") : undefined;
  };
  /** The request drawn; the page's until the fit is known (a failed fetch shows in the Boundary, not here). */
  const shownRequest = () =>
    catchError(
      () => fittedReport.fitted()?.request,
      () => undefined,
    ) ?? props.period;
  /** The grain drawn, for the title, read without throwing (the Boundary below shows a failure). */
  const titleGrain = () =>
    catchError(
      () => result()?.grain,
      () => undefined,
    ) ?? "day";
  const reason = () => noRecordsReason(props.definition);
  return (
    <section class="tl-panel" aria-labelledby="chart-title" ref={section}>
      <header class="tl-panel__header">
        <h3 id="chart-title" class="tl-panel__title">
          {props.definition.name} per {titleGrain()}
        </h3>
        <p class="tl-panel__hint">{props.definition.description}</p>
        <Show when={props.onShare}>
          <button
            type="button"
            class="tl-button tl-button--quiet tl-button--small"
            data-testid={`share-${props.definition.id}`}
            onClick={() => props.onShare?.()}
          >
            Share
          </button>
        </Show>
      </header>
      <Boundary
        subject={`the chart of ${props.definition.name}`}
        retryKeys={getReport.keyFor(props.definition.id, shownRequest())}
        loading={<div class="tl-chart-placeholder" aria-busy="true" />}
      >
        <Show when={result()}>
          {(kpi) => (
            <>
              <p class="tl-panel__period" data-testid="chart-period">
                {kpi().period} · {kpi().timezone}
              </p>
              <DailyChart
                definition={props.definition}
                result={kpi()}
                class="tl-chart"
                onDayClick={
                  props.onDrill
                    ? (date) =>
                        props.onDrill?.({
                          reportId: props.definition.id,
                          reportName: props.definition.name,
                          figure: kpi().grain === "day" ? date : `${date.replace("T", " ")} (${kpi().grain})`,
                          period: shownRequest(),
                          selector: { bucket: date },
                          timezone: kpi().timezone,
                        })
                    : undefined
                }
              />
              <Show when={fittedReport.fitted()?.movedFrom}>
                {(from) => (
                  <p class="tl-muted tl-drill-note" data-testid="grain-note" data-grain={kpi().grain}>
                    Shown per {kpi().grain}: per {from()} the period has more points than this chart's {width()} px
                    hold.
                  </p>
                )}
              </Show>
              <Show when={props.onDrill}>
                <p class="tl-panel__hint">
                  Click a {kpi().grain}, or open the data table, to list what stands behind it.
                </p>
              </Show>
              <Show when={reason()}>
                {(text) => (
                  <p class="tl-muted tl-drill-note" data-testid={`no-records-${props.definition.id}`}>
                    {text()}
                  </p>
                )}
              </Show>
            </>
          )}
        </Show>
      </Boundary>
    </section>
  );
}
