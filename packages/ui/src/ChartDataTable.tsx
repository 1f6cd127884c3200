import { For, Show } from "solid-js";
import { formatValue } from "./format";
import { bucketShortLabel } from "./labels";
import type { MeasureFormat } from "./types";

/** One column of a chart's data table: a series (or the one measure) with its values per bucket. */
export interface ChartColumn {
  readonly id: string;
  readonly label: string;
  readonly format: MeasureFormat;
  /** One value per bucket, in the buckets' order; null is shown as a dash. */
  readonly values: readonly (number | null)[];
  /** Called with a bucket's index when its value is clicked (drill-down); without it the values are text. */
  readonly onClick?: (index: number) => void;
  /** Why the values of this column are not buttons (e.g. "Others: the record list cannot take 'not in the top 8'"). */
  readonly note?: string;
}

export interface ChartDataTableProps {
  /** What the table shows, read first by screen readers, e.g. "Calls offered per day, 1999-02-01 to 1999-02-28". */
  caption: string;
  /** Bucket labels as results give them (`YYYY-MM-DD`, `YYYY-MM-DDTHH:00`, `YYYY-MM`). */
  buckets: readonly string[];
  columns: readonly ChartColumn[];
}

/**
 * The data-table alternative of a chart (issue 13: every chart has one): a row per bucket (row
 * header the bucket's date, full label in `data-bucket`), a column per series, each value in its
 * measure's format with `data-value` holding the raw number ("" when null). A value a column can
 * drill into is a button (keyboard and touch reach it, unlike a click on the canvas): `data-testid
 * ="chart-table-drill"`, labelled with the series, the bucket and the value; only in columns with an
 * `onClick`, and not for null values or counts of 0, which have nothing behind them (they stay text).
 */
/** Whether a value has records behind it: not null, and not a count of 0 (an average of 0 s has its records). */
const drillable = (value: number | null, column: ChartColumn) =>
  value !== null && !(value === 0 && column.format === "count");

export function ChartDataTable(props: ChartDataTableProps) {
  const notes = () => props.columns.filter((c) => c.note);
  return (
    // Scrolls inside itself, so it is a labelled region keyboard users can focus (and scroll).
    <section class="tl-chart-table__scroll" data-testid="chart-table" tabindex="0" aria-label={props.caption}>
      <table class="tl-table tl-chart-table">
        <caption class="tl-visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <For each={props.columns}>{(column) => <th scope="col">{column.label}</th>}</For>
          </tr>
        </thead>
        <tbody>
          <For each={props.buckets}>
            {(bucket, index) => (
              <tr data-bucket={bucket}>
                <th scope="row">
                  <time datetime={bucket}>{bucketShortLabel(bucket)}</time>
                </th>
                <For each={props.columns}>
                  {(column) => {
                    const value = () => column.values[index()] ?? null;
                    const text = () => formatValue(value(), column.format);
                    return (
                      <td class="tl-table__cell" data-series={column.id} data-value={value() ?? ""}>
                        <Show when={drillable(value(), column) && column.onClick} fallback={text()}>
                          {(click) => (
                            <button
                              type="button"
                              class="tl-drill"
                              data-testid="chart-table-drill"
                              aria-label={`${column.label}, ${bucketShortLabel(bucket)}: ${text()}, show the records behind it`}
                              onClick={() => click()(index())}
                            >
                              {text()}
                            </button>
                          )}
                        </Show>
                      </td>
                    );
                  }}
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <For each={notes()}>
        {(column) => (
          <p class="tl-muted tl-chart-table__note" data-testid="chart-table-note">
            {column.note}
          </p>
        )}
      </For>
    </section>
  );
}

export interface ChartViewToggleProps {
  /** True while the table is shown instead of the chart. */
  table: boolean;
  onChange: (table: boolean) => void;
}

/** The button that switches a chart and its data table ("Data table", `aria-pressed` while the table is shown). */
export function ChartViewToggle(props: ChartViewToggleProps) {
  return (
    <button
      type="button"
      class="tl-button tl-button--quiet tl-button--small tl-chart-toggle"
      aria-pressed={props.table}
      data-testid="chart-table-toggle"
      onClick={() => props.onChange(!props.table)}
    >
      Data table
    </button>
  );
}
