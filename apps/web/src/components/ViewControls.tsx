import { Combobox } from "@kobalte/core/combobox";
import { Popover } from "@kobalte/core/popover";
import { Switch } from "@kobalte/core/switch";
import { createEffect, createResource, createSignal, For, on, Show } from "solid-js";
import { api } from "../lib/api";
import { rangeProblem } from "../lib/period";
import {
  browserZone,
  filterLabel,
  GRAINS,
  type Grain,
  grainProblem,
  PERIOD_PRESETS,
  type PeriodPreset,
  PRESET_LABELS,
  REFRESH_MINUTES,
  type RefreshMinutes,
  timeZones,
  VIEW_FILTERS,
  type ViewFilter,
  type ViewState,
  withFilter,
  withoutFilter,
} from "../lib/view";
import { ChoiceSelect } from "./ChoiceSelect";
import "./controls.css";

/** A choice of the period select: a preset, or the custom range below it. */
type PeriodChoice = PeriodPreset | "custom";
/** A choice of the grain select: automatic, or one grain. */
type GrainChoice = "auto" | Grain;

const GRAIN_LABELS: Record<Grain, string> = { hour: "Hour", day: "Day", week: "Week", month: "Month" };

export interface PeriodControlsProps {
  /** The view the URL says. */
  view: ViewState;
  /** The preset the page shows (also when the URL names none and the page opened on one), else "custom". */
  active: PeriodChoice;
  /** The days on screen, to fill the date inputs. */
  shown: { from: string; to: string };
  /** Writes a new view to the URL. */
  onChange: (view: ViewState) => void;
}

/**
 * The period controls: a select of the relative presets (they stay relative in the URL:
 * `?period=last-30-days`) and a custom from/to range (`?from&to`, inclusive days).
 */
export function PeriodControls(props: PeriodControlsProps) {
  const [from, setFrom] = createSignal("");
  const [to, setTo] = createSignal("");
  let fromInput: HTMLInputElement | undefined;
  createEffect(
    on(
      () => props.shown,
      (shown) => {
        setFrom(shown.from);
        setTo(shown.to);
      },
    ),
  );
  const problem = () => rangeProblem(from(), to());
  const choices: PeriodChoice[] = [...PERIOD_PRESETS, "custom"];
  const label = (choice: PeriodChoice) => (choice === "custom" ? "Custom range" : PRESET_LABELS[choice]);

  return (
    <div class="tl-period">
      <ChoiceSelect<PeriodChoice>
        label="Period"
        labelClass="tl-visually-hidden"
        testId="period-select"
        itemTestId="period-option"
        options={choices}
        value={props.active}
        text={label}
        onChange={(choice) => {
          if (choice === "custom") fromInput?.focus();
          else props.onChange({ ...props.view, period: { kind: "preset", preset: choice } });
        }}
      />
      <form
        class="tl-range"
        onSubmit={(event) => {
          event.preventDefault();
          if (!problem()) props.onChange({ ...props.view, period: { kind: "range", from: from(), to: to() } });
        }}
      >
        <label class="tl-field">
          <span>From</span>
          <input
            ref={fromInput}
            type="date"
            data-testid="from"
            value={from()}
            max={to() || undefined}
            onInput={(event) => setFrom(event.currentTarget.value)}
          />
        </label>
        <label class="tl-field">
          <span>To</span>
          <input
            type="date"
            data-testid="to"
            value={to()}
            min={from() || undefined}
            onInput={(event) => setTo(event.currentTarget.value)}
          />
        </label>
        <button
          type="submit"
          class="tl-button"
          data-testid="apply"
          disabled={problem() !== undefined}
          title={problem()}
        >
          Apply
        </button>
      </form>
    </div>
  );
}

export interface ViewOptionsProps {
  view: ViewState;
  /** The zone the page's figures are in (the result's, else the server's), shown when the URL names none. */
  zone: string | undefined;
  /** The server's report zone (`tz` absent means it). */
  serverZone: string | undefined;
  /** Days of the period on screen (hours are offered up to 93). */
  days: number;
  /** The grain the page uses when the URL names none. */
  autoGrain: Grain;
  /** The filters at least one report of the page takes, in the order offered. */
  filters: readonly ViewFilter[];
  onChange: (view: ViewState) => void;
}

/**
 * The other view controls: time zone (a searchable list of the browser's IANA zones, with the
 * server's and the browser's offered first), grain (the automatic one marked), compare on/off, and
 * "Add filter" (a popover: the filter, then a value searched among the data's, most rows first).
 * On narrow screens they fold behind a "View options" button. Values are data: shown as text only.
 */
export function ViewOptions(props: ViewOptionsProps) {
  const [open, setOpen] = createSignal(false);
  const activeCount = () => Object.values(props.view.filters).reduce((n, v) => n + (v?.length ?? 0), 0);
  return (
    <div class="tl-view" data-open={open() ? "true" : undefined}>
      <button
        type="button"
        class="tl-button tl-button--quiet tl-view__fold"
        aria-expanded={open()}
        aria-controls="tl-view-options"
        data-testid="view-options-toggle"
        onClick={() => setOpen(!open())}
      >
        View options{activeCount() > 0 ? ` · ${activeCount()} filter${activeCount() === 1 ? "" : "s"}` : ""}
      </button>
      <div class="tl-view__options" id="tl-view-options">
        <ZonePicker {...props} />
        <GrainPicker {...props} />
        <RefreshPicker {...props} />
        <Switch
          class="tl-switch"
          checked={props.view.compare}
          onChange={(compare) => props.onChange({ ...props.view, compare })}
          data-testid="compare-toggle"
        >
          <Switch.Input class="tl-switch__input" />
          <Switch.Control class="tl-switch__control">
            <Switch.Thumb class="tl-switch__thumb" />
          </Switch.Control>
          <Switch.Label class="tl-switch__label">Compare with previous period</Switch.Label>
        </Switch>
        <Show when={props.filters.length > 0}>
          <AddFilter {...props} />
        </Show>
      </div>
    </div>
  );
}

function ZonePicker(props: ViewOptionsProps) {
  const browser = browserZone();
  const zones = () => {
    const first = [props.serverZone, browser].filter((z): z is string => z !== undefined);
    const rest = timeZones().filter((z) => !first.includes(z));
    return [...new Set(first), ...rest];
  };
  const current = () => props.view.tz ?? props.zone ?? props.serverZone;
  const describe = (zone: string) =>
    zone === props.serverZone ? `${zone} (server)` : zone === browser ? `${zone} (this browser)` : zone;
  return (
    <Combobox<string>
      class="tl-control"
      options={zones()}
      value={current() ?? null}
      onChange={(zone) => {
        if (!zone) return;
        props.onChange({ ...props.view, tz: zone === props.serverZone ? undefined : zone });
      }}
      defaultFilter="contains"
      placeholder="Time zone"
      itemComponent={(item) => (
        <Combobox.Item item={item.item} class="tl-menu__item">
          <Combobox.ItemLabel>{describe(item.item.rawValue)}</Combobox.ItemLabel>
        </Combobox.Item>
      )}
    >
      <Combobox.Label class="tl-field tl-control__label">Time zone</Combobox.Label>
      <Combobox.Control class="tl-control__combo" aria-label="Time zone" data-testid="timezone">
        <Combobox.Input class="tl-control__input" data-testid="timezone-input" />
        <Combobox.Trigger class="tl-control__icon-button" aria-label="Show time zones">
          <Combobox.Icon class="tl-control__icon">▾</Combobox.Icon>
        </Combobox.Trigger>
      </Combobox.Control>
      <Combobox.Portal>
        <Combobox.Content class="tl-menu">
          <Combobox.Listbox class="tl-menu__list" />
        </Combobox.Content>
      </Combobox.Portal>
    </Combobox>
  );
}

function GrainPicker(props: ViewOptionsProps) {
  const choices: GrainChoice[] = ["auto", ...GRAINS];
  const label = (choice: GrainChoice) =>
    choice === "auto" ? `Automatic (${GRAIN_LABELS[props.autoGrain].toLowerCase()})` : GRAIN_LABELS[choice];
  return (
    <ChoiceSelect<GrainChoice>
      class="tl-control"
      label="Grain"
      testId="grain-select"
      itemTestId="grain-option"
      options={choices}
      value={props.view.grain ?? "auto"}
      text={label}
      disabled={(choice) => choice !== "auto" && grainProblem(choice, props.days) !== undefined}
      hint={(choice) => (
        <Show when={choice === props.autoGrain}>
          <span class="tl-muted"> · automatic</span>
        </Show>
      )}
      onChange={(choice) => props.onChange({ ...props.view, grain: choice === "auto" ? undefined : choice })}
    />
  );
}

/** "Off" or minutes between automatic reloads. */
type RefreshChoice = "off" | RefreshMinutes;
const refreshLabel = (choice: RefreshChoice) =>
  choice === "off" ? "Off" : choice === 60 ? "Every hour" : `Every ${choice} min`;

/** Auto-refresh for a wall screen (`?refresh=` minutes): the page reloads its figures on that beat. */
function RefreshPicker(props: ViewOptionsProps) {
  const choices: RefreshChoice[] = ["off", ...REFRESH_MINUTES];
  return (
    <ChoiceSelect<RefreshChoice>
      class="tl-control"
      label="Auto-refresh"
      testId="refresh-select"
      itemTestId="refresh-option"
      options={choices}
      value={props.view.refresh ?? "off"}
      text={refreshLabel}
      onChange={(choice) => {
        const { refresh: _old, ...rest } = props.view;
        props.onChange(choice === "off" ? rest : { ...rest, refresh: choice });
      }}
    />
  );
}

/** One value of a filter as the API lists it. */
type Option = { value: string; label: string | null; count: number };

function AddFilter(props: ViewOptionsProps) {
  const [open, setOpen] = createSignal(false);
  const [name, setName] = createSignal<ViewFilter>();
  const [search, setSearch] = createSignal("");
  const chosen = () => name() ?? props.filters[0];
  const [values] = createResource(
    () => (open() && chosen() ? { name: chosen() as ViewFilter, q: search() } : false),
    ({ name, q }) => api.filterValues(name, q, 50).then((r) => r.items),
  );
  const optionText = (o: Option) => (o.label && o.label !== o.value ? `${o.label} (${o.value})` : o.value);
  return (
    <Popover open={open()} onOpenChange={setOpen} placement="bottom-start">
      <Popover.Trigger class="tl-button tl-button--quiet" data-testid="add-filter">
        Add filter
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content class="tl-popover" data-testid="filter-popover">
          <Popover.Title class="tl-popover__title">Filter the page</Popover.Title>
          <ChoiceSelect<ViewFilter>
            class="tl-control"
            label="Filter"
            testId="filter-name"
            contentClass="tl-menu tl-menu--top"
            options={props.filters}
            value={chosen() as ViewFilter}
            text={filterLabel}
            onChange={setName}
          />
          <Combobox<Option>
            class="tl-control"
            options={values.latest ?? []}
            optionValue="value"
            optionTextValue={optionText}
            optionLabel={optionText}
            value={null}
            onChange={(option) => {
              const n = chosen();
              if (!option || !n) return;
              props.onChange(withFilter(props.view, n, option.value));
              setOpen(false);
              setSearch("");
            }}
            onInputChange={setSearch}
            defaultFilter={() => true}
            placeholder="Search values"
            itemComponent={(item) => (
              <Combobox.Item item={item.item} class="tl-menu__item" data-testid="filter-value-option">
                <Combobox.ItemLabel>{optionText(item.item.rawValue)}</Combobox.ItemLabel>
                <span class="tl-muted tl-menu__count"> {item.item.rawValue.count.toLocaleString()}</span>
              </Combobox.Item>
            )}
          >
            <Combobox.Label class="tl-field tl-control__label">Value</Combobox.Label>
            <Combobox.Control class="tl-control__combo">
              <Combobox.Input class="tl-control__input" data-testid="filter-value-input" />
              <Combobox.Trigger class="tl-control__icon-button" aria-label="Show values">
                <Combobox.Icon class="tl-control__icon">▾</Combobox.Icon>
              </Combobox.Trigger>
            </Combobox.Control>
            <Combobox.Portal>
              <Combobox.Content class="tl-menu tl-menu--top">
                <Combobox.Listbox class="tl-menu__list" />
              </Combobox.Content>
            </Combobox.Portal>
          </Combobox>
          <Show when={values.error}>
            <p class="tl-notice tl-notice--error" role="alert">
              The values could not be loaded.
            </p>
          </Show>
        </Popover.Content>
      </Popover.Portal>
    </Popover>
  );
}

export interface FilterChipsProps {
  view: ViewState;
  onChange: (view: ViewState) => void;
  /** Active filters no report of the page takes (shown, marked as not applied here). */
  unapplied?: readonly ViewFilter[];
}

/** The active filters as chips, each removable (its button says what it removes). */
export function FilterChips(props: FilterChipsProps) {
  const active = () =>
    VIEW_FILTERS.flatMap((name) => (props.view.filters[name] ?? []).map((value) => ({ name, value })));
  return (
    <Show when={active().length > 0}>
      <ul class="tl-chips" aria-label="Active filters" data-testid="filter-chips">
        <For each={active()}>
          {(chip) => (
            <li class="tl-chip" data-testid="filter-chip" data-filter={chip.name} data-value={chip.value}>
              <span>
                {filterLabel(chip.name)}: {chip.value}
                <Show when={props.unapplied?.includes(chip.name)}>
                  <span class="tl-muted"> (not on this page)</span>
                </Show>
              </span>
              <button
                type="button"
                class="tl-chip__remove"
                aria-label={`Remove filter ${filterLabel(chip.name)}: ${chip.value}`}
                onClick={() => props.onChange(withoutFilter(props.view, chip.name, chip.value))}
              >
                ×
              </button>
            </li>
          )}
        </For>
        <li>
          <button
            type="button"
            class="tl-button tl-button--quiet tl-button--small"
            onClick={() => props.onChange({ ...props.view, filters: {} })}
          >
            Clear filters
          </button>
        </li>
      </ul>
    </Show>
  );
}

/** Says that the page reloads itself (a wall screen's `?refresh=`) and when it last did. */
export function RefreshNote(props: { minutes: number | undefined; last: Date | undefined }) {
  return (
    <Show when={props.minutes}>
      {(minutes) => (
        <p class="tl-muted tl-refresh-note" role="status" data-testid="refresh-note">
          Reloads every {minutes() === 60 ? "hour" : `${minutes()} min`}
          <Show when={props.last}>
            {(last) => <> · last {last().toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}</>}
          </Show>
        </p>
      )}
    </Show>
  );
}
