import { createMemo, createSignal, For, Show } from "solid-js";
import { formatValue } from "./format";
import { HeatCell, HourHeaderRow } from "./HeatCell";
import { bucketShortLabel, hourRange } from "./labels";
import { seriesFormat, seriesLabel } from "./timeseriesOption";
import type { TimeseriesResult, TimeseriesSeries } from "./types";

export interface HourDayGridProps {
  /** An hourly timeseries result (buckets `YYYY-MM-DDTHH:00`, local time of its zone). */
  result: TimeseriesResult;
  /** Makes each cell with a value a button (drill-down), called with the hour's bucket and the series. */
  onCellClick?: (bucket: string, series: TimeseriesSeries) => void;
  /** Whether a series' cells have records (default: all, when `onCellClick` is given). */
  isDrillable?: (series: TimeseriesSeries) => boolean;
}

/** Rows of an hourly series: one per local day, 24 values (null where the day has no such hour bucket). */
export function hourDayRows(series: TimeseriesSeries): { day: string; values: (number | null)[] }[] {
  const rows = new Map<string, (number | null)[]>();
  for (const point of series.points) {
    const [day = "", time = ""] = point.date.split("T");
    const hour = Number(time.slice(0, 2));
    let values = rows.get(day);
    if (!values) {
      values = Array.from({ length: 24 }, () => null);
      rows.set(day, values);
    }
    if (hour >= 0 && hour < 24) values[hour] = point.value;
  }
  return [...rows.entries()].map(([day, values]) => ({ day, values }));
}

/**
 * An hourly series over weeks as an hour-of-day x day grid (issue 13: hourly staffing over weeks
 * stays readable where a line of hundreds of hours would not): rows are the local days, columns the
 * hours 0-23, each cell shaded by its value relative to the series' largest (`--tl-heat`) and showing
 * it in the measure's format (`data-value` raw). A select picks the series when there are several.
 * Cells are drill-down buttons with `onCellClick`. An HTML table: it is its own data table.
 */
export function HourDayGrid(props: HourDayGridProps) {
  const [chosen, setChosen] = createSignal(0);
  const series = () => props.result.series[chosen()] ?? props.result.series[0];
  const rows = createMemo(() => {
    const s = series();
    return s ? hourDayRows(s) : [];
  });
  const largest = () => Math.max(0, ...rows().flatMap((r) => r.values.map((v) => v ?? 0)));
  const drillable = (s: TimeseriesSeries) =>
    props.onCellClick !== undefined && (props.isDrillable ? props.isDrillable(s) : true);
  return (
    <Show when={series()}>
      {(s) => (
        <div class="tl-hourgrid" data-testid="hour-day-grid">
          <Show when={props.result.series.length > 1}>
            <label class="tl-hourgrid__pick">
              Series{" "}
              <select value={chosen()} onChange={(e) => setChosen(Number(e.currentTarget.value))}>
                <For each={props.result.series}>
                  {(one, i) => <option value={i()}>{seriesLabel(props.result, one)}</option>}
                </For>
              </select>
            </label>
          </Show>
          <div class="tl-heatmap__scroll">
            <table class="tl-heatmap">
              <caption class="tl-visually-hidden">
                {seriesLabel(props.result, s())} per hour of day and day, {props.result.period}, hours in{" "}
                {props.result.timezone}
              </caption>
              <thead>
                <HourHeaderRow />
              </thead>
              <tbody>
                <For each={rows()}>
                  {(row) => (
                    <tr data-day={row.day}>
                      <th scope="row">{bucketShortLabel(row.day)}</th>
                      <For each={row.values}>
                        {(value, hour) => (
                          <HeatCell
                            value={value}
                            largest={largest()}
                            text={formatValue(value, seriesFormat(props.result, s()))}
                            where={`${row.day} ${hourRange(hour())}`}
                            drillTestId="hour-day-drill"
                            onDrill={
                              drillable(s())
                                ? () => props.onCellClick?.(`${row.day}T${String(hour()).padStart(2, "0")}:00`, s())
                                : undefined
                            }
                          />
                        )}
                      </For>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </div>
      )}
    </Show>
  );
}
