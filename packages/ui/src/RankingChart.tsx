import { For, type JSX, Show, splitProps } from "solid-js";
import { codeLabel } from "./codes";
import { formatValue } from "./format";
import { NoData } from "./NoData";
import { ReportFrame } from "./ReportFrame";
import type { RankingResult, ReportDefinition } from "./types";

export interface RankingChartProps extends Omit<JSX.HTMLAttributes<HTMLElement>, "children" | "title"> {
  /** The report's list item: name, description and the measure's definition. */
  definition: ReportDefinition;
  /** A `ranking` or `distribution` result. */
  result: RankingResult;
  /**
   * Makes each row's value a button (drill-down), called with the row's `key` (null for "(not
   * set)") and label. Give it only for reports with records; no fetching here.
   */
  onRowClick?: (key: string | null, label: string) => void;
}

/**
 * A ranking (highest first) or a distribution (buckets in their order) as horizontal bars: one
 * row per dimension value with its bar (length relative to the largest row), value and share of
 * the total (percent 0-100, for counts and sums), then the "others" line (rows past the limit,
 * summed: the long tail folded, with its total; never a drill-down, the records route cannot select
 * "not in the top N", which it says when the rows drill) and the total. An HTML table, so screen readers read it as one; every number carries
 * `data-value` with the raw value. The root carries `data-testid="report-{reportId}"`.
 */
export function RankingChart(props: RankingChartProps) {
  const [local, others] = splitProps(props, ["definition", "result", "onRowClick"]);
  const format = () => local.result.measure.format;
  const write = (value: number | null) => formatValue(value, format());
  /** A row's label as shown: codes of the dimension as words, languages by name. */
  const shown = (label: string) => codeLabel(label, local.result.dimension);
  const hasShare = () => local.result.rows.some((r) => r.share !== null) || local.result.others?.share != null;
  /** Counts and sums add up to a total (they have shares unless everything is 0); an average's is overall. */
  const totalLabel = () => (hasShare() || format() === "count" ? "Total" : "Overall");
  const largest = () => Math.max(0, ...local.result.rows.map((r) => r.value ?? 0));
  const barWidth = (value: number | null) =>
    value !== null && value > 0 && largest() > 0 ? `${(100 * value) / largest()}%` : "0%";
  const previous = (value: number | null) =>
    local.result.previousFrom ? `Previous period: ${write(value)}` : undefined;

  const Share = (cell: { share: number | null }) => (
    <Show when={hasShare()}>
      <td class="tl-ranking__share" data-value={cell.share ?? ""}>
        {formatValue(cell.share, "percent")}
      </td>
    </Show>
  );

  return (
    <ReportFrame {...others} definition={local.definition} data-testid={`report-${local.definition.id}`}>
      <Show when={local.result.rows.length > 0} fallback={<NoData />}>
        <table class="tl-ranking">
          <caption class="tl-visually-hidden">
            {local.definition.name} by {local.result.dimension}, {local.result.period}
          </caption>
          <thead class="tl-visually-hidden">
            <tr>
              <th scope="col">{local.result.dimension}</th>
              <th scope="col">{local.result.measure.label}</th>
              <Show when={hasShare()}>
                <th scope="col">Share</th>
              </Show>
            </tr>
          </thead>
          <tbody>
            <For each={local.result.rows}>
              {(row) => (
                <tr data-testid="ranking-row" data-key={row.key ?? ""}>
                  <th scope="row" class="tl-ranking__label">
                    <span class="tl-ranking__name" title={shown(row.label)}>
                      {shown(row.label)}
                    </span>
                    <span class="tl-ranking__track" aria-hidden="true">
                      <span class="tl-ranking__bar" style={{ width: barWidth(row.value) }} />
                    </span>
                  </th>
                  <td class="tl-ranking__value" data-value={row.value ?? ""} title={previous(row.previousValue)}>
                    <Show when={row.value !== null && local.onRowClick} fallback={write(row.value)}>
                      {(click) => (
                        <button
                          type="button"
                          class="tl-drill"
                          data-testid="ranking-drill"
                          aria-label={`${shown(row.label)}: ${write(row.value)}, show the records behind it`}
                          onClick={() => click()(row.key, shown(row.label))}
                        >
                          {write(row.value)}
                        </button>
                      )}
                    </Show>
                  </td>
                  <Share share={row.share} />
                </tr>
              )}
            </For>
          </tbody>
          <tfoot>
            <Show when={local.result.others}>
              {(rest) => (
                <tr class="tl-ranking__others" data-testid="ranking-others">
                  <th scope="row">
                    Others ({rest().count} more {rest().count === 1 ? "value" : "values"})
                    <Show when={local.onRowClick}>
                      <small class="tl-ranking__note" data-testid="ranking-others-note">
                        No record list: the records route cannot select "not in the top {local.result.rows.length}".
                      </small>
                    </Show>
                  </th>
                  <td class="tl-ranking__value" data-value={rest().value ?? ""}>
                    {write(rest().value)}
                  </td>
                  <Share share={rest().share} />
                </tr>
              )}
            </Show>
            <tr class="tl-ranking__total" data-testid="ranking-total">
              <th scope="row">{totalLabel()}</th>
              <td
                class="tl-ranking__value"
                data-value={local.result.total ?? ""}
                title={previous(local.result.previousTotal)}
              >
                {write(local.result.total)}
              </td>
              <Show when={hasShare()}>
                <td />
              </Show>
            </tr>
          </tfoot>
        </table>
      </Show>
    </ReportFrame>
  );
}
