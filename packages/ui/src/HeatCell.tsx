import { For, Show } from "solid-js";
import { HOURS, hourRange } from "./labels";

/** Above this share of the largest value a cell is dark enough for white text. */
export const DARK = 0.55;

/**
 * The shade of a value in a heat table: its share (ratio 0-1) of `largest`, the table's largest
 * value; 0 for null, zero, negative values, or when `largest` is not above 0.
 */
export function heatShare(value: number | null, largest: number): number {
  return value !== null && value > 0 && largest > 0 ? value / largest : 0;
}

/** The header row of a heat table: an empty corner, then the hours 0-23 (each titled with its range). */
export function HourHeaderRow() {
  return (
    <tr>
      <td class="tl-heatmap__corner" />
      <For each={HOURS}>
        {(hour) => (
          <th scope="col" abbr={hourRange(hour)} title={hourRange(hour)}>
            {hour}
          </th>
        )}
      </For>
    </tr>
  );
}

/**
 * One cell of a heat table (Heatmap, HourDayGrid): shaded by {@link heatShare} (`--tl-heat`, dark
 * past {@link DARK}), showing `text` (the value in its format), `data-value` raw ("" when null),
 * titled `{where}: {text}`. With `onDrill`, a cell with a non-zero value is a button that shows the
 * records behind it (`data-testid` = `drillTestId`).
 */
export function HeatCell(props: {
  value: number | null;
  /** The table's largest value (the shade's 100 %). */
  largest: number;
  text: string;
  /** Where the cell is, in words (e.g. "Mon 09:00-10:00"). */
  where: string;
  drillTestId: string;
  onDrill?: (() => void) | undefined;
}) {
  const heat = () => heatShare(props.value, props.largest);
  return (
    <td
      class="tl-heatmap__cell"
      classList={{ "tl-heatmap__cell--dark": heat() > DARK, "tl-heatmap__cell--empty": props.value === null }}
      style={{ "--tl-heat": heat().toFixed(3) }}
      data-value={props.value ?? ""}
      title={`${props.where}: ${props.text}`}
    >
      <Show when={props.value !== null && props.value !== 0 && props.onDrill} fallback={props.text}>
        {(drill) => (
          <button
            type="button"
            class="tl-heatmap__drill"
            data-testid={props.drillTestId}
            aria-label={`${props.where}: ${props.text}, show the records behind it`}
            onClick={() => drill()()}
          >
            {props.text}
          </button>
        )}
      </Show>
    </td>
  );
}
