import { formatChange, formatChangePercent, formatValue } from "@tallyline/report-defs/format";
import { createUniqueId, type JSX, Show, splitProps } from "solid-js";
import { TREND_ARROW, toneOf, trendOf } from "./trend";
import type { KpiResult, ReportDefinition } from "./types";

export interface KpiCardProps
  extends Omit<JSX.HTMLAttributes<HTMLElement>, "children" | "title" | "onSelect" | "classList"> {
  /** The report's definition: name, and the measure's format, good direction and definition. */
  definition: ReportDefinition;
  /** The fetched KPI result for the period. */
  result: KpiResult;
  /** Marks the card as the chosen one (e.g. the one the chart shows). */
  selected?: boolean;
  /** Makes the card a toggle button; called with the report id when it is chosen. */
  onSelect?: (reportId: string) => void;
}

const TREND_WORD = { up: "up", down: "down", flat: "unchanged", none: "" } as const;

/**
 * One KPI: its value in the measure's format, the change against the previous period with an
 * arrow coloured by `measure.goodDirection`, the relative change and the previous value.
 * The card carries `data-testid="kpi-{reportId}"`; its value element `data-testid="kpi-value"`
 * with `data-value` holding the raw number ("" when null) for exact comparison in tests.
 */
export function KpiCard(props: KpiCardProps) {
  const [local, others] = splitProps(props, ["definition", "result", "selected", "onSelect", "class"]);
  const definitionId = createUniqueId();
  const measure = () => local.definition.measure;
  const trend = () => trendOf(local.result.change);
  const tone = () => toneOf(trend(), measure().goodDirection);

  return (
    <article
      {...others}
      class={["tl-kpi", local.selected && "tl-kpi--selected", local.class].filter(Boolean).join(" ")}
      data-testid={`kpi-${local.definition.id}`}
      data-tone={tone()}
      title={measure().definition}
    >
      <header class="tl-kpi__header">
        <h3 class="tl-kpi__label">
          <Show when={local.onSelect} fallback={local.definition.name}>
            {(select) => (
              <button
                type="button"
                class="tl-kpi__select"
                aria-pressed={!!local.selected}
                aria-describedby={definitionId}
                onClick={() => select()(local.definition.id)}
              >
                {local.definition.name}
              </button>
            )}
          </Show>
        </h3>
        <span class="tl-kpi__info" aria-hidden="true">
          i
        </span>
      </header>
      <p class="tl-kpi__value" data-testid="kpi-value" data-value={local.result.value ?? ""}>
        {formatValue(local.result.value, measure().format)}
      </p>
      <p class={`tl-kpi__change tl-tone-${tone()}`} data-testid="kpi-change">
        <Show when={trend() !== "none"} fallback="No comparison">
          <span class="tl-kpi__arrow" aria-hidden="true">
            {TREND_ARROW[trend()]}
          </span>
          <span class="tl-visually-hidden">{TREND_WORD[trend()]} </span>
          <span>{formatChange(local.result.change, measure().format)}</span>
          <Show when={local.result.changePercent !== null}>
            <span class="tl-kpi__change-percent">({formatChangePercent(local.result.changePercent)})</span>
          </Show>
        </Show>
      </p>
      <p class="tl-kpi__previous">Previous period: {formatValue(local.result.previousValue, measure().format)}</p>
      <p id={definitionId} class="tl-visually-hidden">
        {measure().definition}
      </p>
    </article>
  );
}
