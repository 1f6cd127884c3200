/**
 * The dashboard's whole view state, in one place: what the URL says (period, time zone, grain,
 * compare, filters, segment, category, selected report), how it is written back, and the body of
 * `POST /report/{id}/fetch` it gives (packages/report-defs/src/query.ts).
 *
 * The URL, parameter by parameter (everything optional):
 * - `period`: a relative preset ({@link PERIOD_PRESETS}: `last-30-days`, `this-month`...) that stays
 *   relative when bookmarked (today moves with the calendar); or `from` and `to`, inclusive
 *   calendar days `YYYY-MM-DD` (the links written before presets existed keep working). A valid
 *   `period` wins over `from`/`to`; neither gives the page's opening period (period.ts).
 * - `tz`: an IANA time zone (validated with Intl); absent: the server's report zone.
 * - `grain`: hour, day, week or month; absent: {@link autoGrain} of the period's length.
 * - `compare`: `off` to leave out the previous period (default on).
 * - `refresh`: minutes between automatic reloads of the page's figures ({@link REFRESH_MINUTES}: for
 *   a wall screen); absent: no automatic reload.
 * - one parameter per filter ({@link VIEW_FILTERS}), repeated for several values
 *   (`?agent=a1&agent=a2`).
 * - `segment`: a saved segment's id; `category` and `report`: the page and its selected KPI.
 *
 * Values that do not parse are dropped (and listed in `problems`), so a bad link still opens.
 */
import { useLocation, useNavigate } from "@solidjs/router";
import { FILTER_NAMES, type FilterName } from "@tallyline/report-defs/filter-names";
import { type Accessor, createMemo } from "solid-js";
import { addDays, daysInRange, isIsoDate, type PeriodRequest, rangeProblem } from "./period";
import { segmentFromSearch } from "./segments";

/** Bucket of breakdowns and series, as the API takes it. */
export type Grain = "hour" | "day" | "week" | "month";
/** Every grain, finest first. */
export const GRAINS: readonly Grain[] = ["hour", "day", "week", "month"];
/** Most days an hourly grain covers: the API refuses more (report-defs query.ts MAX_HOURLY_DAYS). */
export const MAX_HOURLY_DAYS = 93;

/**
 * The filters the dashboard's controls offer, in the order they show: every query filter of
 * report-defs filters.ts but the id lists (`call`, `conversation`), which are drill-down scopes,
 * not something a manager picks from a list.
 */
export const VIEW_FILTERS = FILTER_NAMES.filter((name) => name !== "call" && name !== "conversation");
/** One of {@link VIEW_FILTERS}. */
export type ViewFilter = Exclude<FilterName, "call" | "conversation">;

/** True for the name of a filter the controls offer. */
export const isViewFilter = (name: string): name is ViewFilter => (VIEW_FILTERS as readonly string[]).includes(name);

/** Most values one filter keeps from a URL (the API takes at most 1000). */
export const MAX_URL_FILTER_VALUES = 100;
/** Longest filter value (report-defs filters.ts MAX_FILTER_VALUE_LENGTH). */
const MAX_VALUE_LENGTH = 200;

/**
 * The relative presets, each a window that ends today (or, for "last" calendar units, the whole
 * previous unit), resolved in the view's time zone on every load:
 * - `today`, `yesterday`;
 * - `last-N-days`: the N days ending today, today included (the API's `periodDays: N`);
 * - `this-week` / `this-month` / `this-quarter` / `this-year`: from the unit's first day (ISO
 *   weeks start on Monday) to today;
 * - `last-week` / `last-month` / `last-quarter` / `last-year`: the whole previous unit.
 */
export const PERIOD_PRESETS = [
  "today",
  "yesterday",
  "last-7-days",
  "last-14-days",
  "last-28-days",
  "last-30-days",
  "last-90-days",
  "last-365-days",
  "this-week",
  "last-week",
  "this-month",
  "last-month",
  "this-quarter",
  "last-quarter",
  "this-year",
  "last-year",
] as const;
/** One of {@link PERIOD_PRESETS}. */
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** How each preset reads in the controls. */
export const PRESET_LABELS: Readonly<Record<PeriodPreset, string>> = {
  today: "Today",
  yesterday: "Yesterday",
  "last-7-days": "Last 7 days",
  "last-14-days": "Last 14 days",
  "last-28-days": "Last 28 days",
  "last-30-days": "Last 30 days",
  "last-90-days": "Last 90 days",
  "last-365-days": "Last 365 days",
  "this-week": "This week",
  "last-week": "Last week",
  "this-month": "This month",
  "last-month": "Last month",
  "this-quarter": "This quarter",
  "last-quarter": "Last quarter",
  "this-year": "This year",
  "last-year": "Last year",
};

/** The auto-refresh intervals offered, in minutes (a wall screen's `?refresh=`). */
export const REFRESH_MINUTES = [1, 5, 15, 60] as const;
export type RefreshMinutes = (typeof REFRESH_MINUTES)[number];

/** The period of a view: a relative preset, or a fixed range of inclusive days. */
export type ViewPeriod = { kind: "preset"; preset: PeriodPreset } | { kind: "range"; from: string; to: string };

/** The whole view state of the dashboard, as the URL says it. */
export interface ViewState {
  /** Undefined: the URL names none (the page picks its opening period). */
  readonly period: ViewPeriod | undefined;
  /** IANA zone as Intl spells it; undefined: the server's report zone. */
  readonly tz: string | undefined;
  /** Undefined: automatic ({@link autoGrain}). */
  readonly grain: Grain | undefined;
  /** Compare with the previous period of equal length (default true). */
  readonly compare: boolean;
  /** Minutes between automatic reloads of the figures (a wall screen); undefined: none. */
  readonly refresh?: RefreshMinutes | undefined;
  /** Active filters: name to values (no empty lists), in {@link VIEW_FILTERS} order. */
  readonly filters: Readonly<Partial<Record<ViewFilter, readonly string[]>>>;
  /** A saved segment's id (a UUID), or undefined. */
  readonly segment: string | undefined;
  /** The category slug and selected report, kept as the URL has them. */
  readonly category: string | undefined;
  readonly report: string | undefined;
}

/** The view of a URL without parameters. */
export const DEFAULT_VIEW: ViewState = {
  period: undefined,
  tz: undefined,
  grain: undefined,
  compare: true,
  filters: {},
  segment: undefined,
  category: undefined,
  report: undefined,
};

/** A part of the URL that was dropped: the parameter and the value as written. */
export interface ViewProblem {
  readonly param: string;
  readonly value: string;
}

const isPreset = (value: string): value is PeriodPreset => (PERIOD_PRESETS as readonly string[]).includes(value);
const isGrain = (value: string): value is Grain => (GRAINS as readonly string[]).includes(value);

/**
 * The zone's name as {@link timeZones} lists it ("europe/amsterdam" gives "Europe/Amsterdam"; a
 * zone Intl knows but does not list, as Intl resolves it), or undefined when Intl does not know it.
 */
export function canonicalZone(zone: string): string | undefined {
  if (zone === "" || zone.length > 64) return undefined;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  // Intl may resolve to a legacy alias (Asia/Kolkata -> Asia/Calcutta): keep the listed spelling.
  const lower = zone.toLowerCase();
  return timeZones().find((z) => z.toLowerCase() === lower) ?? resolved;
}

/** The IANA zones this browser knows, sorted (Intl.supportedValuesOf), with UTC first. */
export function timeZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  const zones = supported ? supported("timeZone") : [];
  return ["UTC", ...zones.filter((z) => z !== "UTC")];
}

/** The browser's own zone (Intl), or undefined when it has none. */
export function browserZone(): string | undefined {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

/** True for a filter value the API accepts: 1-200 characters, no control characters. */
export function isFilterValue(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  return value.length >= 1 && value.length <= MAX_VALUE_LENGTH && !/[\u0000-\u001f\u007f]/.test(value);
}

/**
 * Reads the view from a URL's query string (`?a=1&b=2`, with or without the `?`, or parsed
 * params). Never throws: a value that does not parse is left out and named in `problems`.
 */
export function parseView(search: string | URLSearchParams): { view: ViewState; problems: ViewProblem[] } {
  const params = typeof search === "string" ? new URLSearchParams(search) : search;
  const problems: ViewProblem[] = [];
  const one = (name: string): string | undefined => params.get(name) ?? undefined;

  let period: ViewPeriod | undefined;
  const preset = one("period");
  if (preset !== undefined) {
    if (isPreset(preset)) period = { kind: "preset", preset };
    else problems.push({ param: "period", value: preset });
  }
  const from = one("from");
  const to = one("to");
  if (period === undefined && (from !== undefined || to !== undefined)) {
    if (from !== undefined && to !== undefined && rangeProblem(from, to) === undefined) {
      period = { kind: "range", from, to };
    } else {
      problems.push({ param: "from", value: `${from ?? ""}..${to ?? ""}` });
    }
  }

  let tz: string | undefined;
  const zone = one("tz");
  if (zone !== undefined) {
    tz = canonicalZone(zone);
    if (tz === undefined) problems.push({ param: "tz", value: zone });
  }

  let grain: Grain | undefined;
  const g = one("grain");
  if (g !== undefined && g !== "auto") {
    if (isGrain(g)) grain = g;
    else problems.push({ param: "grain", value: g });
  }

  const c = one("compare");
  let compare = true;
  if (c === "off" || c === "0" || c === "false" || c === "none") compare = false;
  else if (c !== undefined && c !== "on" && c !== "1" && c !== "true" && c !== "previous") {
    problems.push({ param: "compare", value: c });
  }

  const r = one("refresh");
  let refresh: RefreshMinutes | undefined;
  if (r !== undefined && r !== "off") {
    const minutes = REFRESH_MINUTES.find((m) => String(m) === r);
    if (minutes === undefined) problems.push({ param: "refresh", value: r });
    else refresh = minutes;
  }

  const filters: Partial<Record<ViewFilter, string[]>> = {};
  for (const name of VIEW_FILTERS) {
    const kept: string[] = [];
    for (const value of params.getAll(name)) {
      if (!isFilterValue(value)) problems.push({ param: name, value });
      else if (!kept.includes(value) && kept.length < MAX_URL_FILTER_VALUES) kept.push(value);
    }
    if (kept.length > 0) filters[name] = kept;
  }

  const rawSegment = one("segment");
  const segment = segmentFromSearch(rawSegment);
  if (rawSegment !== undefined && rawSegment !== "" && segment === undefined) {
    problems.push({ param: "segment", value: rawSegment });
  }

  return {
    view: {
      period,
      tz,
      grain,
      compare,
      ...(refresh === undefined ? {} : { refresh }),
      filters,
      segment,
      category: one("category"),
      report: one("report"),
    },
    problems,
  };
}

/**
 * The query string of a view (without the `?`), in a fixed order, writing only what differs from
 * the defaults: `parseView(viewToSearch(v))` gives `v` back for every valid view.
 */
export function viewToSearch(view: ViewState): string {
  const params = new URLSearchParams();
  if (view.category !== undefined) params.set("category", view.category);
  if (view.report !== undefined) params.set("report", view.report);
  if (view.period?.kind === "preset") params.set("period", view.period.preset);
  if (view.period?.kind === "range") {
    params.set("from", view.period.from);
    params.set("to", view.period.to);
  }
  if (view.tz !== undefined) params.set("tz", view.tz);
  if (view.grain !== undefined) params.set("grain", view.grain);
  if (!view.compare) params.set("compare", "off");
  if (view.refresh !== undefined) params.set("refresh", String(view.refresh));
  for (const name of VIEW_FILTERS) for (const value of view.filters[name] ?? []) params.append(name, value);
  if (view.segment !== undefined) params.set("segment", view.segment);
  return params.toString();
}

/** The view with `value` added to filter `name` (unchanged when it is already there or not a valid value). */
export function withFilter(view: ViewState, name: ViewFilter, value: string): ViewState {
  const current = view.filters[name] ?? [];
  if (!isFilterValue(value) || current.includes(value)) return view;
  return { ...view, filters: { ...view.filters, [name]: [...current, value] } };
}

/** The view without `value` in filter `name` (without the whole filter when `value` is omitted). */
export function withoutFilter(view: ViewState, name: ViewFilter, value?: string): ViewState {
  const rest = value === undefined ? [] : (view.filters[name] ?? []).filter((v) => v !== value);
  const filters: Partial<Record<ViewFilter, readonly string[]>> = { ...view.filters };
  if (rest.length > 0) filters[name] = rest;
  else delete filters[name];
  return { ...view, filters };
}

/** Month (1-12) and year of a day. */
const ymd = (day: string): [number, number, number] => day.split("-").map(Number) as [number, number, number];
const pad = (n: number): string => String(n).padStart(2, "0");
const firstOfMonth = (y: number, m: number): string => `${y}-${pad(m)}-01`;
/** Day of the week of a day, Monday 0 to Sunday 6. */
const isoWeekday = (day: string): number => {
  const [y, m, d] = ymd(day);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
};

/**
 * The inclusive days of a preset on `today` (a `YYYY-MM-DD` day in the view's zone). Throws
 * RangeError when `today` is not a calendar day.
 */
export function presetDays(preset: PeriodPreset, today: string): { from: string; to: string } {
  if (!isIsoDate(today)) throw new RangeError(`Not a calendar day: ${today}`);
  const last = /^last-(\d+)-days$/.exec(preset);
  if (last) return { from: addDays(today, -(Number(last[1]) - 1)), to: today };
  const [y, m] = ymd(today);
  const quarterStart = m - ((m - 1) % 3);
  switch (preset) {
    case "today":
      return { from: today, to: today };
    case "yesterday": {
      const day = addDays(today, -1);
      return { from: day, to: day };
    }
    case "this-week":
      return { from: addDays(today, -isoWeekday(today)), to: today };
    case "last-week": {
      const monday = addDays(today, -isoWeekday(today) - 7);
      return { from: monday, to: addDays(monday, 6) };
    }
    case "this-month":
      return { from: firstOfMonth(y, m), to: today };
    case "last-month": {
      const first = m === 1 ? firstOfMonth(y - 1, 12) : firstOfMonth(y, m - 1);
      return { from: first, to: addDays(firstOfMonth(y, m), -1) };
    }
    case "this-quarter":
      return { from: firstOfMonth(y, quarterStart), to: today };
    case "last-quarter": {
      const first = quarterStart === 1 ? firstOfMonth(y - 1, 10) : firstOfMonth(y, quarterStart - 3);
      return { from: first, to: addDays(firstOfMonth(y, quarterStart), -1) };
    }
    case "this-year":
      return { from: `${y}-01-01`, to: today };
    case "last-year":
      return { from: `${y - 1}-01-01`, to: `${y - 1}-12-31` };
    default:
      throw new RangeError(`Unknown preset: ${preset}`);
  }
}

/**
 * The grain chosen when the URL names none, by the period's length in days (both ends included):
 * up to 2 days hourly, up to 93 days (a quarter) daily, up to 548 days (1.5 years) weekly, else
 * monthly. So a chart has at most 48 hours, 93 days, ~79 weeks or one point a month (a 3-day
 * period stays daily: three bars with the days' totals read better than 72 mostly empty hours).
 */
export function autoGrain(days: number): Grain {
  if (days <= 2) return "hour";
  if (days <= MAX_HOURLY_DAYS) return "day";
  if (days <= 548) return "week";
  return "month";
}

/** Why `grain` cannot be used over `days` days (hours over more than 93 days), or undefined. */
export function grainProblem(grain: Grain, days: number): string | undefined {
  return grain === "hour" && days > MAX_HOURLY_DAYS
    ? `An hourly grain covers at most ${MAX_HOURLY_DAYS} days; this period has ${days}.`
    : undefined;
}

/** The days a view's period covers, `fallback` (the page's opening period) when the URL names none. */
export function viewDays(
  period: ViewPeriod | undefined,
  today: string,
  fallback: { from: string; to: string },
): { from: string; to: string } {
  if (period === undefined) return fallback;
  return period.kind === "range" ? { from: period.from, to: period.to } : presetDays(period.preset, today);
}

/**
 * The grain a view asks the API for over `days` days: the URL's, unless it is hourly over more
 * than {@link MAX_HOURLY_DAYS} days (then the automatic one), else {@link autoGrain}.
 */
export function effectiveGrain(view: Pick<ViewState, "grain">, days: number): Grain {
  if (view.grain !== undefined && grainProblem(view.grain, days) === undefined) return view.grain;
  return autoGrain(days);
}

/** Filters of a fetch body: name to values. */
export type BodyFilters = Partial<Record<ViewFilter, string[]>>;

/** The body of `POST /report/{id}/fetch` (and records, export) that a view gives. */
export type FetchBody = PeriodRequest & {
  timezone?: string;
  grain?: Grain;
  compare?: "none";
  filters?: BodyFilters;
  segmentId?: string;
};

/**
 * The fetch body of a view for a report that takes the filters `takes` (its `filters` in the report
 * list; all when omitted). `today` is the current day in the view's zone (the server's zone when
 * `tz` is unset) and `opening` the period used when the URL names none. `last-N-days` presets are
 * sent as `periodDays: N`, other presets and ranges as `from`/`to`. `unapplied` lists the active
 * filters the report cannot take, which are left out of the body (the page says so).
 */
export function fetchBody(
  view: ViewState,
  context: { today: string; opening: PeriodRequest; takes?: readonly string[] },
): { body: FetchBody; unapplied: ViewFilter[] } {
  let period: PeriodRequest;
  if (view.period === undefined) period = context.opening;
  else if (view.period.kind === "range") period = { from: view.period.from, to: view.period.to };
  else {
    const last = /^last-(\d+)-days$/.exec(view.period.preset);
    period = last ? { periodDays: Number(last[1]) } : presetDays(view.period.preset, context.today);
  }
  const range =
    "periodDays" in period
      ? { from: addDays(context.today, -(period.periodDays - 1)), to: context.today }
      : { from: period.from, to: period.to };
  const days = daysInRange(range.from, range.to);
  const body: FetchBody = { ...period, grain: effectiveGrain(view, days) };
  if (view.tz !== undefined) body.timezone = view.tz;
  if (!view.compare) body.compare = "none";
  const filters: BodyFilters = {};
  const unapplied: ViewFilter[] = [];
  for (const name of VIEW_FILTERS) {
    const values = view.filters[name];
    if (!values || values.length === 0) continue;
    if (context.takes && !context.takes.includes(name)) unapplied.push(name);
    else filters[name] = [...values];
  }
  if (Object.keys(filters).length > 0) body.filters = filters;
  if (view.segment !== undefined) body.segmentId = view.segment;
  return { body, unapplied };
}

/** The label of a filter in the controls ("campaign" -> "Campaign"). */
export function filterLabel(name: ViewFilter): string {
  return name === "check" ? "Quality check" : name.charAt(0).toUpperCase() + name.slice(1);
}

/** What {@link useView} gives a page. */
export interface ViewControls {
  /** The view the URL says now. */
  readonly view: Accessor<ViewState>;
  /** The parts of the URL that were dropped. */
  readonly problems: Accessor<ViewProblem[]>;
  /** Writes a view (or a change of the current one) to the URL: a new history entry unless `replace`. */
  setView(next: ViewState | ((current: ViewState) => ViewState), options?: { replace?: boolean }): void;
  /**
   * "Filter the page by this": adds `value` to filter `name` (a name of {@link VIEW_FILTERS}).
   * Returns false, changing nothing, when `name` is not a filter the controls offer or `value` is
   * not a valid filter value.
   */
  addFilter(name: string, value: string): boolean;
  /** Removes `value` from filter `name` (the whole filter without `value`). */
  removeFilter(name: ViewFilter, value?: string): void;
  /** A link (path and query) to the current view changed by `patch`, e.g. another category. */
  hrefWith(patch: Partial<ViewState>): string;
}

/**
 * The view state of the current URL for a page under the router: read reactively from
 * `location.search`, written with `navigate` (keeping the path, not scrolling).
 */
export function useView(): ViewControls {
  const location = useLocation();
  const navigate = useNavigate();
  const parsed = createMemo(() => parseView(location.search));
  const view = () => parsed().view;
  const go = (next: ViewState, replace: boolean) => {
    const search = viewToSearch(next);
    navigate(`${location.pathname}${search ? `?${search}` : ""}`, { replace, scroll: false });
  };
  return {
    view,
    problems: () => parsed().problems,
    setView(next, options = {}) {
      go(typeof next === "function" ? next(view()) : next, options.replace === true);
    },
    addFilter(name, value) {
      if (!isViewFilter(name) || !isFilterValue(value)) return false;
      go(withFilter(view(), name, value), false);
      return true;
    },
    removeFilter(name, value) {
      go(withoutFilter(view(), name, value), false);
    },
    hrefWith(patch) {
      const search = viewToSearch({ ...view(), ...patch });
      return `${location.pathname}${search ? `?${search}` : ""}`;
    },
  };
}
