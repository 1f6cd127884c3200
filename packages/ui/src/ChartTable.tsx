import { For, Show } from "solid-js";
import { formatValue } from "./format";
import type { MeasureFormat } from "./types";

/** One column of values: its header and the format its numbers are written in. */
export interface ChartTableColumn {
  readonly label: string;
  readonly format: MeasureFormat;
}

/** One row: the bucket's key (e.g. `2026-03-01`), its shown label and one value per column (null: no value). */
export interface ChartTableRow {
  readonly key: string;
  readonly label: string;
  readonly values: readonly (number | null)[];
}

export interface ChartTableProps {
  /** What the table holds, e.g. "Calls offered per day, 1 to 30 March 2026": its caption. */
  caption: string;
  /** The header of the first column (e.g. "Day"). */
  rowHeader: string;
  columns: readonly ChartTableColumn[];
  rows: readonly ChartTableRow[];
  /** When given, each row's label is a button calling it with the row's key (drill-down from the keyboard). */
  onRowClick?: (key: string) => void;
}

/**
 * The data-table alternative of a chart (WCAG 1.1.1): a closed "Show as a table" disclosure
 * (`data-testid="chart-table"`) holding every point the chart draws, each number in its measure's
 * format with `data-value` holding the raw number ("" when null). With `onRowClick`, the row
 * labels are buttons, so what a click on a bar does can be done from the keyboard.
 */
export function ChartTable(props: ChartTableProps) {
  return (
    <details class="tl-chart-table" data-testid="chart-table">
      <summary class="tl-chart-table__toggle">Show as a table</summary>
      <div class="tl-table__scroll">
        <table class="tl-table">
          <caption class="tl-visually-hidden">{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{props.rowHeader}</th>
              <For each={props.columns}>{(column) => <th scope="col">{column.label}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={props.rows}>
              {(row) => (
                <tr>
                  <th scope="row">
                    <Show when={props.onRowClick} fallback={row.label}>
                      {(click) => (
                        <button
                          type="button"
                          class="tl-chart-table__drill"
                          aria-label={`${row.label}: show the records behind it`}
                          onClick={() => click()(row.key)}
                        >
                          {row.label}
                        </button>
                      )}
                    </Show>
                  </th>
                  <For each={row.values}>
                    {(value, index) => (
                      <td data-value={value ?? ""}>{formatValue(value, props.columns[index()]?.format ?? "count")}</td>
                    )}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </details>
  );
}
