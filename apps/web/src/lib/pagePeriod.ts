/**
 * The period logic the Overview and the area pages share: which period the page asks for when the
 * URL names none (the last {@link DEFAULT_DAYS} days, or the {@link DEFAULT_DAYS} days ending on the
 * last day with data when those have none: lib/period.ts `openingPeriod`), the page's request, the
 * days on screen, and the preset the period select shows.
 */
import { createMemo } from "solid-js";
import {
  addDays,
  type DataDays,
  DEFAULT_DAYS,
  daysInRange,
  openingPeriod,
  type PeriodRequest,
  periodRequest,
  rangeHasData,
  todayIn,
} from "./period";
import { type FetchBody, fetchBody, type PeriodPreset, type ViewControls, type ViewState } from "./view";

/** A range of days, `YYYY-MM-DD`, both included. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

/** The period the page opens on when the URL names none, and what the page says about it. */
export interface OpeningPeriod {
  /** The request used when the URL names no period. */
  readonly period: PeriodRequest;
  /** True when the last {@link DEFAULT_DAYS} days had no data and the page moved to the data's last days. */
  readonly moved: boolean;
  /** True when the URL's period (or `from`) did not parse and was dropped. */
  readonly ignored: boolean;
}

/** The days a page shows, once known. */
export interface OnScreen {
  /** The days on screen: the result's, else the URL's, else the default window ending today. */
  readonly shown: () => DayRange;
  /** Days of the period on screen (at least 1), for the grain controls. */
  readonly shownDays: () => number;
  /** The data's days when the days on screen have none (and the page did not move there itself). */
  readonly emptyPeriod: () => ListedDays | undefined;
  /** A link to the page as shown, its period pinned as `from`/`to` (for the PDF). */
  readonly printPage: () => string;
}

/** What {@link usePagePeriod} gives a page. */
export interface PagePeriod {
  /** Today in the view's zone (the server's report zone when the URL names none). */
  readonly viewToday: () => string;
  readonly parsed: () => OpeningPeriod;
  /** The page's request with every active filter: it names the days on screen. */
  readonly request: () => FetchBody;
  /** The preset the period select shows: the URL's, the default window when the page opened on it, else "custom". */
  readonly activePreset: () => PeriodPreset | "custom";
  /** Shows `range` (a new history entry). */
  readonly showRange: (range: DayRange) => void;
  /**
   * The days on screen given `known`, the days of the page's first answer (undefined until it
   * answers). Call once, in the page's setup, after the query that gives `known`.
   */
  readonly onScreen: (known: () => DayRange | undefined) => OnScreen;
}

/** The data's days as the report list gives them (`data`), with the server's report zone. */
export type ListedDays = DataDays & { readonly timezone?: string | undefined };

/**
 * The period of a page under the router for the view of `controls` (lib/view.ts `useView`);
 * `dataDays`: the data's first and last day and the server's report zone from the report list
 * (undefined until it answers). Call in a component's setup.
 */
export function usePagePeriod(controls: ViewControls, dataDays: () => ListedDays | undefined): PagePeriod {
  const view = controls.view;
  const viewToday = createMemo(() => todayIn(view().tz ?? dataDays()?.timezone));
  const parsed = createMemo((): OpeningPeriod => {
    const ignored = controls.problems().some((p) => p.param === "period" || p.param === "from");
    if (view().period !== undefined)
      return { period: periodRequest({ kind: "days", days: DEFAULT_DAYS }), moved: false, ignored };
    const data = dataDays();
    const opening = openingPeriod(data, todayIn(data?.timezone));
    return { period: periodRequest(opening.period), moved: opening.moved, ignored };
  });
  const request = createMemo(() => fetchBody(view(), { today: viewToday(), opening: parsed().period }).body);
  const activePreset = () => {
    const period = view().period;
    if (period?.kind === "preset") return period.preset;
    return period === undefined && !parsed().moved ? ("last-30-days" as const) : ("custom" as const);
  };
  const showRange = (range: DayRange) =>
    controls.setView((current: ViewState) => ({
      ...current,
      period: { kind: "range", from: range.from, to: range.to },
    }));
  const onScreen = (known: () => DayRange | undefined): OnScreen => {
    const shown = createMemo(
      (): DayRange => {
        const result = known();
        if (result) return { from: result.from, to: result.to };
        const body = request();
        return "periodDays" in body
          ? { from: addDays(viewToday(), -(body.periodDays - 1)), to: viewToday() }
          : { from: body.from, to: body.to };
      },
      undefined,
      { equals: (a, b) => a.from === b.from && a.to === b.to },
    );
    const emptyPeriod = createMemo(() => {
      const data = dataDays();
      return data && !parsed().moved && !rangeHasData(shown(), data) ? data : undefined;
    });
    const printPage = () => {
      const params = new URLSearchParams(window.location.search);
      params.delete("period");
      params.set("from", shown().from);
      params.set("to", shown().to);
      return `${window.location.pathname}?${params}`;
    };
    return { shown, shownDays: () => Math.max(1, daysInRange(shown().from, shown().to)), emptyPeriod, printPage };
  };
  return { viewToday, parsed, request, activePreset, showRange, onScreen };
}
