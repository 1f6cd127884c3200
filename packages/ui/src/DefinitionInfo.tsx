import { For, Show } from "solid-js";
import { printMedia } from "./printMedia";
import type { Measure } from "./types";

export interface DefinitionInfoProps {
  /** The measures whose one-sentence definitions are shown. */
  measures: readonly Measure[];
}

/**
 * A small "i": hovering shows the measures' definitions as a tooltip, clicking (or Enter) opens
 * them as a list (a native `<details>`, so it works with keyboard and screen readers without script).
 * Laid out for print ({@link printMedia}), the same list is rendered once more as
 * `.tl-print-definitions`, printed in full (a closed `<details>` does not print its content).
 */
export function DefinitionInfo(props: DefinitionInfoProps) {
  const tooltip = () =>
    props.measures.map((m) => (props.measures.length > 1 ? `${m.label}: ${m.definition}` : m.definition)).join("\n");
  return (
    <>
      <details class="tl-info">
        <summary class="tl-info__toggle" title={tooltip()}>
          <span aria-hidden="true">i</span>
          <span class="tl-visually-hidden">Definitions</span>
        </summary>
        <dl class="tl-info__panel" data-testid="definitions">
          <For each={props.measures}>
            {(measure) => (
              <>
                <dt>{measure.label}</dt>
                <dd>{measure.definition}</dd>
              </>
            )}
          </For>
        </dl>
      </details>
      <Show when={printMedia()}>
        <dl class="tl-print-definitions" data-testid="print-definitions">
          <For each={props.measures}>
            {(measure) => (
              <>
                <dt>{measure.label}</dt>
                <dd>{measure.definition}</dd>
              </>
            )}
          </For>
        </dl>
      </Show>
    </>
  );
}
