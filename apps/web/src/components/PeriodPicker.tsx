import { createEffect, createSignal, For, on, Show } from "solid-js";
import { type Period, PRESET_DAYS, presetOf, rangeProblem } from "../lib/period";

export interface PeriodPickerProps {
  /** The period the URL asks for. */
  period: Period;
  /** The days the dashboard shows (the API result's once known), to fill the date inputs. */
  shown: { from: string; to: string };
  /** Today in the API's time zone, `YYYY-MM-DD`. */
  today: string;
  /** The API's time zone, once a result has said it. */
  timezone: string | undefined;
  /** Called with a preset's length in days. */
  onPreset: (days: number) => void;
  /** Called with a valid custom range (both days included). */
  onRange: (range: { from: string; to: string }) => void;
}

/** Presets (last 7 / 30 / 90 days ending today), a custom from/to range, and the time zone. */
export function PeriodPicker(props: PeriodPickerProps) {
  const [from, setFrom] = createSignal("");
  const [to, setTo] = createSignal("");
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
  const activePreset = () =>
    props.period.kind === "days" ? props.period.days : presetOf(props.period.from, props.period.to, props.today);

  return (
    <div class="tl-period">
      <fieldset class="tl-presets">
        <legend class="tl-visually-hidden">Period</legend>
        <For each={PRESET_DAYS}>
          {(days) => (
            <button
              type="button"
              class="tl-preset"
              aria-pressed={activePreset() === days}
              data-testid={`preset-${days}`}
              onClick={() => props.onPreset(days)}
            >
              Last {days} days
            </button>
          )}
        </For>
      </fieldset>
      <form
        class="tl-range"
        onSubmit={(event) => {
          event.preventDefault();
          if (!problem()) props.onRange({ from: from(), to: to() });
        }}
      >
        <label class="tl-field">
          <span>From</span>
          <input
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
      <p class="tl-timezone" data-testid="timezone">
        <span class="tl-timezone__label">Time zone</span>{" "}
        <Show when={props.timezone} fallback="…">
          {(zone) => <span>{zone()}</span>}
        </Show>
      </p>
    </div>
  );
}
