import { Show } from "solid-js";
import type { DayRange, ListedDays } from "../lib/pagePeriod";
import { DEFAULT_DAYS, latestDataRange } from "../lib/period";

/**
 * What a page says about its period (the Overview and the area pages): that it moved to the last
 * days with data (`moved`), that the days on screen have no data (`empty`: the data's days then,
 * with a button to show the latest {@link DEFAULT_DAYS} days with data, or how to load data when
 * the database is empty), and that the URL's period was dropped (`ignored`). Days `YYYY-MM-DD`.
 */
export function PeriodNotices(props: {
  /** The data's days when the page moved to them itself, else undefined. */
  moved: ListedDays | undefined;
  /** The data's days when the days on screen have none (usePagePeriod `emptyPeriod`). */
  empty: ListedDays | undefined;
  /** The days on screen. */
  shown: DayRange;
  ignored: boolean;
  /** Shows a range of days (the latest with data). */
  onShowRange: (range: DayRange) => void;
}) {
  return (
    <>
      <Show when={props.moved}>
        {(data) => (
          <p class="tl-notice" role="status" data-testid="period-moved">
            The last {DEFAULT_DAYS} days have no data: showing the {DEFAULT_DAYS} days up to {data().lastDay}, the last
            day with data. The data runs from {data().firstDay} to {data().lastDay}.
          </p>
        )}
      </Show>
      <Show when={props.empty}>
        {(data) => (
          <p class="tl-notice" role="status" data-testid="period-empty">
            <Show
              when={latestDataRange(data())}
              fallback={
                <>
                  No data yet: the database is empty. To load your exports, upload them on the Imports page (admins), or
                  stop the server, run <code>pnpm tallyline ingest your-export.csv</code> and start it again.
                </>
              }
            >
              {(latest) => (
                <>
                  No data from {props.shown.from} to {props.shown.to}. The data runs from {data().firstDay} to{" "}
                  {data().lastDay}.
                  <button
                    type="button"
                    class="tl-button tl-button--small tl-notice__action"
                    data-testid="show-latest-data"
                    onClick={() => props.onShowRange(latest())}
                  >
                    Show the last {DEFAULT_DAYS} days with data
                  </button>
                </>
              )}
            </Show>
          </p>
        )}
      </Show>
      <Show when={props.ignored}>
        <p class="tl-notice" role="status">
          The period in the link is not a valid range of days; showing the last {DEFAULT_DAYS} days.
        </p>
      </Show>
    </>
  );
}
