import { createUniqueId, type JSX, Show, splitProps } from "solid-js";
import { bandOf } from "./bands";
import { DefinitionInfo } from "./DefinitionInfo";
import { formatChange, formatChangePercent, formatValue } from "./format";
import { minuteLabel } from "./labels";
import { ReportActions } from "./ReportActions";
import { thresholdsOf } from "./thresholds";
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
  /**
   * Makes the value a button that opens what stands behind it (drill-down); called with the report
   * id. Give it only for reports with records: without it (or with a null value) the value is plain text.
   */
  onDrill?: (reportId: string) => void;
  /** Why the value opens no records (e.g. "No record list: it counts messages..."), shown small under the value. */
  noRecords?: string | null;
}

const TREND_WORD = { up: "up", down: "down", flat: "unchanged", none: "" } as const;

/**
 * One KPI: its name, the "i" opening its definition (DefinitionInfo, a popover reachable by keyboard
 * and touch), its value in the measure's format; when the result has them, the minute of a peak
 * (`peakAt`, local time), the thresholds the figure depends on (its parameters, e.g. "Answered
 * within 20 s", `data-testid="kpi-threshold"`), the median and p90 of a time measure (`stats`), the
 * number of events an average is taken over (`count`, "n = 1,234", `data-testid="kpi-count"`), the band the value falls
 * in (`thresholds`) and the sample size with its rule's label (`sample`); the change against the
 * previous period with an arrow coloured by `measure.goodDirection`, the relative change and the
 * previous value. The card carries `data-testid="kpi-{reportId}"`; its value element
 * `data-testid="kpi-value"`; every number has `data-value` holding the raw number ("" when null)
 * for exact comparison in tests.
 */
export function KpiCard(props: KpiCardProps) {
  const [local, others] = splitProps(props, [
    "definition",
    "result",
    "selected",
    "onSelect",
    "onDrill",
    "noRecords",
    "class",
  ]);
  const definitionId = createUniqueId();
  const measure = () => local.definition.measure;
  const trend = () => trendOf(local.result.change);
  const tone = () => toneOf(trend(), measure().goodDirection);
  const band = () => bandOf(local.result.value, local.result.thresholds);
  const conditions = () => thresholdsOf(local.definition, local.result.parameters);

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
        <div class="tl-kpi__actions">
          <ReportActions />
          <DefinitionInfo measures={[measure()]} label={local.definition.name} print={false} />
        </div>
      </header>
      <p class="tl-kpi__value" data-testid="kpi-value" data-value={local.result.value ?? ""}>
        <Show
          when={local.result.value !== null && local.onDrill}
          fallback={formatValue(local.result.value, measure().format)}
        >
          {(drill) => (
            <button
              type="button"
              class="tl-kpi__drill"
              data-testid="kpi-drill"
              aria-label={`${local.definition.name} ${formatValue(local.result.value, measure().format)}: show the records behind it`}
              onClick={() => drill()(local.definition.id)}
            >
              {formatValue(local.result.value, measure().format)}
            </button>
          )}
        </Show>
      </p>
      <Show when={local.result.peakAt}>
        {(minute) => (
          <p class="tl-kpi__detail" data-testid="kpi-peak-at">
            at <time datetime={minute()}>{minuteLabel(minute())}</time>
          </p>
        )}
      </Show>
      <Show when={conditions().length > 0}>
        <p class="tl-kpi__detail" data-testid="kpi-threshold">
          {conditions().join(" · ")}
        </p>
      </Show>
      <Show when={local.result.stats}>
        {(stats) => (
          <p class="tl-kpi__detail" data-testid="kpi-stats">
            <span>
              Median{" "}
              <span data-testid="kpi-median" data-value={stats().median ?? ""}>
                {formatValue(stats().median, measure().format)}
              </span>
            </span>
            <span>
              p90{" "}
              <span data-testid="kpi-p90" data-value={stats().p90 ?? ""}>
                {formatValue(stats().p90, measure().format)}
              </span>
            </span>
          </p>
        )}
      </Show>
      <Show when={local.result.count !== undefined}>
        <p class="tl-kpi__detail" data-testid="kpi-count" title="Events the figure is taken over in the period">
          n = <span data-value={local.result.count ?? ""}>{formatValue(local.result.count ?? null, "count")}</span>
        </p>
      </Show>
      <Show when={band() || local.result.sample}>
        <p class="tl-kpi__detail">
          <Show when={band()}>
            {(label) => (
              <span class="tl-badge" data-testid="kpi-band">
                {label()}
              </span>
            )}
          </Show>
          <Show when={local.result.sample}>
            {(sample) => (
              <span data-testid="kpi-sample">
                Sample <span data-value={sample().size}>{formatValue(sample().size, "count")}</span>
                <Show when={sample().label}> · {sample().label}</Show>
              </span>
            )}
          </Show>
        </p>
      </Show>
      <p class={`tl-kpi__change tl-tone-${tone()}`} data-testid="kpi-change">
        <Show when={trend() !== "none"} fallback="No comparison">
          <span class="tl-kpi__arrow" aria-hidden="true">
            {TREND_ARROW[trend()]}
          </span>
          <span class="tl-visually-hidden">{TREND_WORD[trend()]} </span>
          <span data-value={local.result.change ?? ""}>{formatChange(local.result.change, measure().format)}</span>
          <Show when={local.result.changePercent !== null}>
            <span class="tl-kpi__change-percent" data-value={local.result.changePercent ?? ""}>
              ({formatChangePercent(local.result.changePercent)})
            </span>
          </Show>
        </Show>
      </p>
      <p class="tl-kpi__previous">
        Previous period:{" "}
        <span data-value={local.result.previousValue ?? ""}>
          {formatValue(local.result.previousValue, measure().format)}
        </span>
      </p>
      <Show when={local.noRecords}>
        {(text) => (
          <p class="tl-kpi__detail tl-kpi__no-records" data-testid="kpi-no-records">
            {text()}
          </p>
        )}
      </Show>
      <p id={definitionId} class="tl-visually-hidden tl-kpi__definition" data-testid="kpi-definition">
        {measure().definition}
      </p>
    </article>
  );
}
