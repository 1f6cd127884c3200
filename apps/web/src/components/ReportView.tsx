import {
  Heatmap,
  RankingChart,
  type ReportDefinition,
  ReportFrame,
  type ReportResult,
  ReportTable,
  TimeseriesChart,
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
        <TimeseriesChart definition={props.definition} result={resultOfShape(props.result, "timeseries")} />
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
