import { For, type JSX, splitProps } from "solid-js";
import { formatValue } from "./format";
import { HeatCell, HourHeaderRow } from "./HeatCell";
import { HOURS, hourRange, WEEKDAYS } from "./labels";
import { ReportFrame } from "./ReportFrame";
import type { HeatmapResult, ReportDefinition } from "./types";

export interface HeatmapProps extends Omit<JSX.HTMLAttributes<HTMLElement>, "children" | "title"> {
  /** The report's list item: name, description and the measure's definition. */
  definition: ReportDefinition;
  /** A `heatmap` result: weekday 1 = Monday .. 7 = Sunday, hours 0-23 in the result's time zone. */
  result: HeatmapResult;
  /**
   * Makes each cell with a non-zero value a button (drill-down), called with its weekday (1 =
   * Monday) and hour (0-23, local). Give it only for reports with records; no fetching here.
   */
  onCellClick?: (weekday: number, hour: number) => void;
}

/**
 * A weekday x hour heatmap as an HTML table: rows Monday to Sunday, columns hours 0-23 (local
 * time of the result's time zone), each cell shaded by its value relative to the largest cell
 * (`--tl-heat`, 0-1) and showing the value in the measure's format, with `data-value` holding the
 * raw value ("" when null). The root carries `data-testid="report-{reportId}"`.
 */
export function Heatmap(props: HeatmapProps) {
  const [local, others] = splitProps(props, ["definition", "result", "onCellClick"]);
  const format = () => local.result.measure.format;
  const values = () => {
    const at = new Map(local.result.cells.map((c) => [`${c.weekday}:${c.hour}`, c.value]));
    return WEEKDAYS.map((_, i) => HOURS.map((hour) => at.get(`${i + 1}:${hour}`) ?? null));
  };
  const largest = () => Math.max(0, ...local.result.cells.map((c) => c.value ?? 0));

  return (
    <ReportFrame {...others} definition={local.definition} data-testid={`report-${local.definition.id}`}>
      <section class="tl-heatmap__scroll" tabindex="0" aria-label={`${local.definition.name}, table`}>
        <table class="tl-heatmap">
          <caption class="tl-visually-hidden">
            {local.definition.name}, {local.result.period}, hours in {local.result.timezone}
          </caption>
          <thead>
            <HourHeaderRow />
          </thead>
          <tbody>
            <For each={values()}>
              {(row, day) => (
                <tr data-weekday={day() + 1}>
                  <th scope="row">{WEEKDAYS[day()]}</th>
                  <For each={row}>
                    {(value, hour) => (
                      <HeatCell
                        value={value}
                        largest={largest()}
                        text={formatValue(value, format())}
                        where={`${WEEKDAYS[day()]} ${hourRange(hour())}`}
                        drillTestId="heatmap-drill"
                        onDrill={local.onCellClick ? () => local.onCellClick?.(day() + 1, hour()) : undefined}
                      />
                    )}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </section>
      <p class="tl-heatmap__scale">
        <span>Hours in {local.result.timezone}</span>
        <span class="tl-heatmap__legend" aria-hidden="true">
          {formatValue(0, format())}
          <span class="tl-heatmap__gradient" />
        </span>
        <span data-testid="heatmap-max" data-value={largest()}>
          {formatValue(largest(), format())}
        </span>
      </p>
    </ReportFrame>
  );
}
