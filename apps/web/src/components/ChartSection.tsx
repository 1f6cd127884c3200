import { createAsync } from "@solidjs/router";
import { DailyChart, type ReportDefinition } from "@tallyline/ui";
import { Show } from "solid-js";
import { getReport, resultOfShape } from "../lib/api";
import type { PeriodRequest } from "../lib/period";
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

/** The selected KPI per bucket (the request's grain, else day) over the period, with the period label of its result. */
export function ChartSection(props: ChartSectionProps) {
  /** The bucket the request asks for (lib/view.ts sends one; a request without it gets days). */
  const grain = () => (props.period as { grain?: string }).grain ?? "day";
  const result = createAsync(async () => resultOfShape(await getReport(props.definition.id, props.period), "kpi"));
  return (
    <section class="tl-panel" aria-labelledby="chart-title">
      <header class="tl-panel__header">
        <h3 id="chart-title" class="tl-panel__title">
          {props.definition.name} per {grain()}
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
        retryKeys={getReport.keyFor(props.definition.id, props.period)}
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
                          figure: date,
                          period: props.period,
                          selector: { bucket: date },
                          timezone: kpi().timezone,
                        })
                    : undefined
                }
              />
              <Show when={props.onDrill}>
                <p class="tl-panel__hint">Click a {grain()} to list what stands behind it.</p>
              </Show>
            </>
          )}
        </Show>
      </Boundary>
    </section>
  );
}
