import { Popover } from "@kobalte/core/popover";
import { For, Show } from "solid-js";
import { printMedia } from "./printMedia";
import type { Measure } from "./types";

export interface DefinitionInfoProps {
  /** The measures whose one-sentence definitions are shown (their registry `definition`). */
  measures: readonly Measure[];
  /** What the definitions are of (the report's name): the button is named "Definitions of {label}". */
  label?: string;
  /** Whether the list is rendered again, in full, when the page is laid out for print (default true). */
  print?: boolean;
}

/**
 * A small "i" button (`data-testid="definitions-toggle"`) that opens the measures' definitions in
 * a popover (a Kobalte Popover, `data-testid="definitions"`): reachable with Tab and opened with
 * Enter or Space, a tap or a click; Escape, a click outside or the Close button closes it and
 * focus returns to the "i". Hovering the "i" also shows them as its title. Laid out for print
 * ({@link printMedia}), the same list is rendered as `.tl-print-definitions`, printed in full
 * (unless `print` is false).
 */
export function DefinitionInfo(props: DefinitionInfoProps) {
  const tooltip = () =>
    props.measures.map((m) => (props.measures.length > 1 ? `${m.label}: ${m.definition}` : m.definition)).join("\n");
  const name = () => (props.label ? `Definitions of ${props.label}` : "Definitions");
  const list = () => (
    <For each={props.measures}>
      {(measure) => (
        <>
          <dt>{measure.label}</dt>
          <dd>{measure.definition}</dd>
        </>
      )}
    </For>
  );
  return (
    <>
      <Popover placement="bottom-end" gutter={6}>
        <Popover.Trigger class="tl-info__toggle" aria-label={name()} title={tooltip()} data-testid="definitions-toggle">
          <span aria-hidden="true">i</span>
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content class="tl-info__panel" data-testid="definitions-popover">
            <div class="tl-info__head">
              <Popover.Title class="tl-info__title">{props.label ?? "Definitions"}</Popover.Title>
              <Popover.CloseButton class="tl-info__close" aria-label="Close the definitions">
                <span aria-hidden="true">×</span>
              </Popover.CloseButton>
            </div>
            <dl class="tl-info__list" data-testid="definitions">
              {list()}
            </dl>
          </Popover.Content>
        </Popover.Portal>
      </Popover>
      <Show when={props.print !== false && printMedia()}>
        <dl class="tl-print-definitions" data-testid="print-definitions">
          {list()}
        </dl>
      </Show>
    </>
  );
}
