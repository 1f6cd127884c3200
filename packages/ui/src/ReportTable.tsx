import { For, type JSX, Show, splitProps } from "solid-js";
import { codeLabel } from "./codes";
import { formatValue } from "./format";
import { NoData } from "./NoData";
import { ReportFrame } from "./ReportFrame";
import type { Measure, ReportDefinition, TableResult } from "./types";

export interface ReportTableProps extends Omit<JSX.HTMLAttributes<HTMLElement>, "children" | "title"> {
  /** The report's list item: name, description and the measures' definitions. */
  definition: ReportDefinition;
  /** A `table` result. */
  result: TableResult;
  /**
   * Makes each row's label a button (drill-down), called with the row's `key` (null for "(not
   * set)") and label. Give it only for reports with records; no fetching here.
   */
  onRowClick?: (key: string | null, label: string) => void;
}

/** How the top and bottom performer are marked. */
const RANK_LABEL = { top: "Top", bottom: "Bottom" } as const;

/**
 * A table report as an HTML table: the dimension's column (row headers), one column per measure
 * (its header's tooltip is the measure's definition), each value in the measure's format with the
 * previous period's value in small text under it, and a totals row. When the rows have a
 * `sample`, a last column gives its size and the label of the sample-size rule it meets; the top
 * and bottom performer (`rank`) are marked beside their label. Every number carries `data-value`
 * with the raw value ("" when null); a value cell also `data-measure` with the measure id. An
 * average's cell also gives the number of events it is taken over ("n = 12", `data-testid="table-count"`,
 * from the row's `counts`). The
 * root carries `data-testid="report-{reportId}"`.
 */
export function ReportTable(props: ReportTableProps) {
  const [local, others] = splitProps(props, ["definition", "result", "onRowClick"]);
  const compared = () => local.result.previousFrom !== null;
  /** A row's label as shown: codes of the dimension as words, languages by name. */
  const shown = (label: string) => codeLabel(label, local.result.dimension);
  const sampled = () => local.result.rows.some((row) => row.sample !== undefined);

  const Cell = (cell: {
    measure: Measure;
    value: number | null | undefined;
    previous: number | null | undefined;
    count?: number | undefined;
  }) => (
    <td class="tl-table__cell" data-measure={cell.measure.id}>
      <span class="tl-table__value" data-value={cell.value ?? ""}>
        {formatValue(cell.value, cell.measure.format)}
      </span>
      <Show when={cell.count !== undefined}>
        <small class="tl-table__count" data-testid="table-count" data-value={cell.count ?? ""}>
          {" "}
          n = {formatValue(cell.count ?? null, "count")}
        </small>
      </Show>
      <Show when={compared()}>
        <small class="tl-table__previous" data-value={cell.previous ?? ""}>
          <span class="tl-visually-hidden">previous period </span>
          {formatValue(cell.previous, cell.measure.format)}
        </small>
      </Show>
    </td>
  );

  return (
    <ReportFrame {...others} definition={local.definition} data-testid={`report-${local.definition.id}`}>
      <Show when={local.result.rows.length > 0} fallback={<NoData />}>
        <section class="tl-table__scroll" tabindex="0" aria-label={`${local.definition.name}, table`}>
          <table class="tl-table">
            <caption class="tl-visually-hidden">
              {local.definition.name} by {local.result.dimension}, {local.result.period}
              {compared() ? `; small figures: ${local.result.previousFrom} to ${local.result.previousTo}` : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">{local.result.dimension}</th>
                <For each={local.result.measures}>
                  {(measure) => (
                    <th scope="col" class="tl-table__measure" title={measure.definition}>
                      {measure.label}
                    </th>
                  )}
                </For>
                <Show when={sampled()}>
                  <th scope="col" class="tl-table__measure">
                    Sample
                  </th>
                </Show>
              </tr>
            </thead>
            <tbody>
              <For each={local.result.rows}>
                {(row) => (
                  <tr data-testid="table-row" data-key={row.key ?? ""}>
                    <th scope="row">
                      <Show when={local.onRowClick} fallback={shown(row.label)}>
                        {(click) => (
                          <button
                            type="button"
                            class="tl-drill"
                            data-testid="table-drill"
                            aria-label={`${shown(row.label)}: show the records behind this row`}
                            onClick={() => click()(row.key, shown(row.label))}
                          >
                            {shown(row.label)}
                          </button>
                        )}
                      </Show>
                      <Show when={row.rank}>
                        {(rank) => (
                          <span class={`tl-badge tl-badge--${rank()}`} data-testid="table-rank">
                            {RANK_LABEL[rank()]}
                          </span>
                        )}
                      </Show>
                    </th>
                    <For each={local.result.measures}>
                      {(measure) => (
                        <Cell
                          measure={measure}
                          value={row.values[measure.id]}
                          previous={row.previous[measure.id]}
                          count={row.counts?.[measure.id]}
                        />
                      )}
                    </For>
                    <Show when={sampled()}>
                      <td class="tl-table__cell" data-testid="table-sample">
                        <Show when={row.sample}>
                          {(sample) => (
                            <>
                              <span class="tl-table__value" data-value={sample().size}>
                                {formatValue(sample().size, "count")}
                              </span>
                              <small class="tl-table__previous">{sample().label}</small>
                            </>
                          )}
                        </Show>
                      </td>
                    </Show>
                  </tr>
                )}
              </For>
            </tbody>
            <tfoot>
              <tr data-testid="table-totals">
                <th scope="row">Total</th>
                <For each={local.result.measures}>
                  {(measure) => (
                    <Cell
                      measure={measure}
                      value={local.result.totals.values[measure.id]}
                      previous={local.result.totals.previous[measure.id]}
                      count={local.result.totals.counts?.[measure.id]}
                    />
                  )}
                </For>
                <Show when={sampled()}>
                  <td />
                </Show>
              </tr>
            </tfoot>
          </table>
        </section>
      </Show>
    </ReportFrame>
  );
}
