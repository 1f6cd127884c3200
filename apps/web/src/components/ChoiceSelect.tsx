import { Select } from "@kobalte/core/select";
import { type JSX, Show } from "solid-js";

/** What {@link ChoiceSelect} takes; `T` is the type of a choice (a string or a number). */
export interface ChoiceSelectProps<T extends string | number> {
  /** The label read by assistive technology (and shown unless `labelClass` hides it). */
  label: string;
  /** Class of the label: default `tl-field tl-control__label` (shown). */
  labelClass?: string;
  /** Class of the root: e.g. `tl-control`. */
  class?: string;
  /** Class of the open list: default `tl-menu`. */
  contentClass?: string;
  /** `data-testid` of the trigger; each item gets `{itemTestId}-{choice}` when `itemTestId` is given. */
  testId?: string;
  itemTestId?: string;
  /** The choices in order. */
  options: readonly T[];
  /** The chosen one. */
  value: T;
  /** The text of a choice (trigger and list). */
  text: (choice: T) => string;
  /** True for a choice that cannot be chosen now (shown, not selectable). */
  disabled?: (choice: T) => boolean;
  /** Extra markup after a choice's text in the list. */
  hint?: (choice: T) => JSX.Element;
  /** Called with the new choice (never with none: a choice stays selected). */
  onChange: (choice: T) => void;
}

/**
 * A Kobalte Select of plain choices (the view controls' period, grain, auto-refresh and filter name):
 * the label, the trigger with its value and ▾, the list in a portal, one item per choice.
 */
export function ChoiceSelect<T extends string | number>(props: ChoiceSelectProps<T>) {
  return (
    <Select<T>
      class={props.class}
      options={[...props.options]}
      value={props.value}
      optionDisabled={(choice) => props.disabled?.(choice) ?? false}
      onChange={(choice) => {
        if (choice !== null) props.onChange(choice);
      }}
      disallowEmptySelection
      itemComponent={(item) => (
        <Select.Item
          item={item.item}
          class="tl-menu__item"
          data-testid={props.itemTestId === undefined ? undefined : `${props.itemTestId}-${item.item.rawValue}`}
        >
          <Select.ItemLabel>{props.text(item.item.rawValue)}</Select.ItemLabel>
          <Show when={props.hint}>{(hint) => hint()(item.item.rawValue)}</Show>
        </Select.Item>
      )}
    >
      <Select.Label class={props.labelClass ?? "tl-field tl-control__label"}>{props.label}</Select.Label>
      <Select.Trigger class="tl-button tl-button--quiet tl-control__trigger" data-testid={props.testId}>
        <Select.Value<T>>{(state) => props.text(state.selectedOption() ?? props.value)}</Select.Value>
        <Select.Icon class="tl-control__icon">▾</Select.Icon>
      </Select.Trigger>
      <Select.Portal>
        <Select.Content class={props.contentClass ?? "tl-menu"}>
          <Select.Listbox class="tl-menu__list" />
        </Select.Content>
      </Select.Portal>
    </Select>
  );
}
