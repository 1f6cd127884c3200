import {
  Heatmap,
  RankingChart,
  type ReportDefinition,
  ReportFrame,
  type ReportResult,
  ReportTable,
  seriesLabel,
  TimeseriesChart,
  type TimeseriesSeries,
} from "@tallyline/ui";
import { Match, Switch } from "solid-js";
import { resultOfShape } from "../lib/api";

export interface ReportViewProps {
  definition: ReportDefinition;
  result: ReportResult;
  /** Opens the records behind a ranking or table row (`key` as the row gives it); only for reports with records. */
  onRowDrill?: (key: string | null, label: string) => void;
  /** Opens the records behind a heatmap cell (weekday 1 = Monday, local hour); only for reports with records. */
  onCellDrill?: (weekday: number, hour: number) => void;
  /**
   * Opens the records behind a timeseries point: its bucket, its series (the dimension key of a split
   * in `id`, "" for "(not set)"; the measure in `measureId`) and the series' label as shown.
   */
  onPointDrill?: (bucket: string, series: TimeseriesSeries, label: string) => void;
  /** Whether a series' points have records (its measure's). */
  isPointDrillable?: (series: TimeseriesSeries) => boolean;
}

/**
 * A non-KPI report rendered with the component of its shape (a distribution draws like a
 * ranking). A shape this dashboard does not know yet gets its frame and a note, not an error.
 */
export function ReportView(props: ReportViewProps) {
  return (
    <Switch
      fallback={
        <ReportFrame definition={props.definition} data-testid={`report-${props.definition.id}`}>
          <p class="tl-notice">This dashboard cannot show {props.definition.shape} reports yet.</p>
        </ReportFrame>
      }
    >
      <Match when={props.definition.shape === "timeseries"}>
        <TimeseriesChart
          definition={props.definition}
          result={resultOfShape(props.result, "timeseries")}
          onPointClick={
            props.onPointDrill
              ? (bucket, series) =>
                  props.onPointDrill?.(bucket, series, seriesLabel(resultOfShape(props.result, "timeseries"), series))
              : undefined
          }
          isDrillable={props.isPointDrillable}
        />
      </Match>
      <Match when={props.definition.shape === "ranking"}>
        <RankingChart
          definition={props.definition}
          result={resultOfShape(props.result, "ranking")}
          onRowClick={props.onRowDrill}
        />
      </Match>
      <Match when={props.definition.shape === "distribution"}>
        <RankingChart
          definition={props.definition}
          result={resultOfShape(props.result, "distribution")}
          onRowClick={props.onRowDrill}
        />
      </Match>
      <Match when={props.definition.shape === "table"}>
        <ReportTable
          definition={props.definition}
          result={resultOfShape(props.result, "table")}
          onRowClick={props.onRowDrill}
        />
      </Match>
      <Match when={props.definition.shape === "heatmap"}>
        <Heatmap
          definition={props.definition}
          result={resultOfShape(props.result, "heatmap")}
          onCellClick={props.onCellDrill}
        />
      </Match>
    </Switch>
  );
}
