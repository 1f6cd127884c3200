import { describe, expect, it, vi } from "vitest";
import {
  autoGrain,
  canonicalZone,
  DEFAULT_VIEW,
  effectiveGrain,
  fetchBody,
  PERIOD_PRESETS,
  parseView,
  presetDays,
  type ViewState,
  viewToSearch,
  withFilter,
  withoutFilter,
} from "./view";

// The router is only used by useView (a component hook); the functions under test are pure.
vi.mock("@solidjs/router", () => ({ query: <T>(fn: T) => fn }));

const SEGMENT = "0b7c6a7e-8a6d-4f59-9a43-1f2d3c4b5a69";

describe("presets", () => {
  // 2026-12-09 is a Wednesday (hand-checked on a calendar).
  const today = "2026-12-09";
  it.each([
    ["today", "2026-12-09", "2026-12-09"],
    ["yesterday", "2026-12-08", "2026-12-08"],
    ["last-7-days", "2026-12-03", "2026-12-09"],
    ["last-30-days", "2026-11-10", "2026-12-09"],
    ["last-90-days", "2026-09-11", "2026-12-09"],
    ["this-week", "2026-12-07", "2026-12-09"],
    ["last-week", "2026-11-30", "2026-12-06"],
    ["this-month", "2026-12-01", "2026-12-09"],
    ["last-month", "2026-11-01", "2026-11-30"],
    ["this-quarter", "2026-10-01", "2026-12-09"],
    ["last-quarter", "2026-07-01", "2026-09-30"],
    ["this-year", "2026-01-01", "2026-12-09"],
    ["last-year", "2025-01-01", "2025-12-31"],
  ] as const)("%s on %s", (preset, from, to) => {
    expect(presetDays(preset, today)).toEqual({ from, to });
  });

  it("crosses year and leap-year boundaries", () => {
    expect(presetDays("last-month", "2027-01-15")).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(presetDays("last-month", "2024-03-02")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(presetDays("last-quarter", "2027-02-01")).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    // Sunday 2026-12-13: the week started on Monday the 7th.
    expect(presetDays("this-week", "2026-12-13")).toEqual({ from: "2026-12-07", to: "2026-12-13" });
    // Monday: this week is the day itself.
    expect(presetDays("this-week", "2026-12-07")).toEqual({ from: "2026-12-07", to: "2026-12-07" });
    expect(presetDays("last-week", "2027-01-01")).toEqual({ from: "2026-12-21", to: "2026-12-27" });
  });

  it("refuses a day that is not one", () => {
    expect(() => presetDays("today", "2026-02-30")).toThrow(RangeError);
  });
});

describe("automatic grain", () => {
  it("is hourly up to 2 days, daily up to 93, weekly up to 548, then monthly", () => {
    expect([1, 2, 3, 93, 94, 548, 549, 3660].map(autoGrain)).toEqual([
      "hour",
      "hour",
      "day",
      "day",
      "week",
      "week",
      "month",
      "month",
    ]);
  });
  it("keeps the URL's grain unless it is hourly over more than 93 days", () => {
    expect(effectiveGrain({ grain: "month" }, 2)).toBe("month");
    expect(effectiveGrain({ grain: "hour" }, 93)).toBe("hour");
    // Hours over 94 days: the automatic grain of 94 days instead.
    expect(effectiveGrain({ grain: "hour" }, 94)).toBe("week");
    expect(effectiveGrain({ grain: undefined }, 365)).toBe("week");
  });
});

describe("parseView", () => {
  it("gives the defaults for an empty URL", () => {
    expect(parseView("")).toEqual({ view: DEFAULT_VIEW, problems: [] });
  });

  it("reads every parameter, repeated filters as lists", () => {
    const { view, problems } = parseView(
      `?period=last-month&tz=europe/amsterdam&grain=week&compare=off&agent=a1&agent=a%202&queue=Sales&outcome=answered&segment=${SEGMENT}&category=operations&report=calls-offered`,
    );
    expect(problems).toEqual([]);
    expect(view).toEqual({
      period: { kind: "preset", preset: "last-month" },
      tz: "Europe/Amsterdam",
      grain: "week",
      compare: false,
      filters: { agent: ["a1", "a 2"], queue: ["Sales"], outcome: ["answered"] },
      segment: SEGMENT,
      category: "operations",
      report: "calls-offered",
    });
  });

  it("keeps old links: from/to and segment", () => {
    const { view } = parseView(`from=1999-02-01&to=1999-02-28&segment=${SEGMENT}`);
    expect(view.period).toEqual({ kind: "range", from: "1999-02-01", to: "1999-02-28" });
    expect(view.segment).toBe(SEGMENT);
  });

  it("drops what does not parse and says so", () => {
    const { view, problems } = parseView(
      "period=last-8-weeks&tz=Mars/Olympus&grain=minute&compare=maybe&agent=&agent=ok&segment=x&from=1999-02-30&to=1999-03-01",
    );
    expect(view).toEqual({ ...DEFAULT_VIEW, filters: { agent: ["ok"] } });
    expect(problems.map((p) => p.param).sort()).toEqual([
      "agent",
      "compare",
      "from",
      "grain",
      "period",
      "segment",
      "tz",
    ]);
  });

  it("lets a valid preset win over from/to, and reads one of them alone as a problem", () => {
    expect(parseView("period=today&from=1999-02-01&to=1999-02-02").view.period).toEqual({
      kind: "preset",
      preset: "today",
    });
    expect(parseView("from=1999-02-01").problems).toEqual([{ param: "from", value: "1999-02-01.." }]);
  });

  it("refuses control characters in filter values and keeps each value once", () => {
    const { view, problems } = parseView("campaign=c1&campaign=c1&campaign=a%0Ab");
    expect(view.filters).toEqual({ campaign: ["c1"] });
    expect(problems).toEqual([{ param: "campaign", value: "a\nb" }]);
  });
});

describe("auto-refresh", () => {
  it("reads the offered minutes, writes them back, and drops any other value", () => {
    expect(parseView("?refresh=5").view.refresh).toBe(5);
    expect(viewToSearch(parseView("?refresh=60").view)).toBe("refresh=60");
    expect(parseView("?refresh=off").view.refresh).toBeUndefined();
    const bad = parseView("?refresh=2");
    expect(bad.view.refresh).toBeUndefined();
    expect(bad.problems).toEqual([{ param: "refresh", value: "2" }]);
    expect(viewToSearch(DEFAULT_VIEW)).toBe("");
  });
});

describe("viewToSearch", () => {
  const full: ViewState = {
    period: { kind: "range", from: "1999-02-01", to: "1999-02-28" },
    tz: "America/New_York",
    grain: "hour",
    compare: false,
    filters: { campaign: ["c&1", "c=2"], intent: ["billing question"] },
    segment: SEGMENT,
    category: "contact-centre",
    report: "x",
  };

  it("round-trips every valid view", () => {
    for (const view of [
      DEFAULT_VIEW,
      full,
      ...PERIOD_PRESETS.map((preset) => ({ ...DEFAULT_VIEW, period: { kind: "preset" as const, preset } })),
    ]) {
      expect(parseView(viewToSearch(view)).view).toEqual(view);
    }
  });

  it("writes only what differs from the defaults", () => {
    expect(viewToSearch(DEFAULT_VIEW)).toBe("");
    expect(viewToSearch({ ...DEFAULT_VIEW, period: { kind: "preset", preset: "last-7-days" } })).toBe(
      "period=last-7-days",
    );
    expect(viewToSearch({ ...DEFAULT_VIEW, filters: { agent: ["a", "b"] } })).toBe("agent=a&agent=b");
  });
});

describe("filters", () => {
  it("adds a value once and removes one value or the whole filter", () => {
    const one = withFilter(DEFAULT_VIEW, "agent", "a1");
    expect(withFilter(one, "agent", "a1")).toBe(one);
    const two = withFilter(one, "agent", "a2");
    expect(two.filters).toEqual({ agent: ["a1", "a2"] });
    expect(withoutFilter(two, "agent", "a1").filters).toEqual({ agent: ["a2"] });
    expect(withoutFilter(two, "agent").filters).toEqual({});
    expect(withoutFilter(one, "agent", "a1").filters).toEqual({});
    expect(withFilter(DEFAULT_VIEW, "agent", "")).toBe(DEFAULT_VIEW);
  });
});

describe("canonicalZone", () => {
  it("gives Intl's spelling or undefined", () => {
    expect(canonicalZone("utc")).toBe("UTC");
    expect(canonicalZone("america/new_york")).toBe("America/New_York");
    expect(canonicalZone("Nowhere/Here")).toBeUndefined();
    expect(canonicalZone("")).toBeUndefined();
  });
});

describe("fetchBody", () => {
  const context = { today: "2026-12-09", opening: { periodDays: 30 } };

  it("sends last-N-days as periodDays and the automatic grain, nothing else by default", () => {
    expect(fetchBody(DEFAULT_VIEW, context)).toEqual({ body: { periodDays: 30, grain: "day" }, unapplied: [] });
    const view = { ...DEFAULT_VIEW, period: { kind: "preset" as const, preset: "last-365-days" as const } };
    expect(fetchBody(view, context).body).toEqual({ periodDays: 365, grain: "week" });
  });

  it("sends calendar presets and ranges as from/to, with zone, grain, compare, filters and segment", () => {
    const view: ViewState = {
      ...DEFAULT_VIEW,
      period: { kind: "preset", preset: "yesterday" },
      tz: "Europe/Amsterdam",
      compare: false,
      filters: { agent: ["a1"], channel: ["chat"] },
      segment: SEGMENT,
    };
    expect(fetchBody(view, context).body).toEqual({
      from: "2026-12-08",
      to: "2026-12-08",
      grain: "hour",
      timezone: "Europe/Amsterdam",
      compare: "none",
      filters: { agent: ["a1"], channel: ["chat"] },
      segmentId: SEGMENT,
    });
  });

  it("leaves out the filters a report cannot take, and names them", () => {
    const view: ViewState = { ...DEFAULT_VIEW, filters: { agent: ["a1"], channel: ["chat"] } };
    expect(fetchBody(view, { ...context, takes: ["campaign", "agent", "queue"] })).toEqual({
      body: { periodDays: 30, grain: "day", filters: { agent: ["a1"] } },
      unapplied: ["channel"],
    });
  });

  it("never asks for hours over more than 93 days", () => {
    const view: ViewState = {
      ...DEFAULT_VIEW,
      grain: "hour",
      period: { kind: "range", from: "2026-01-01", to: "2026-04-03" },
    };
    // 2026-01-01..2026-04-03 is 31 + 28 + 31 + 3 = 93 days; one more is 94.
    expect(fetchBody(view, context).body.grain).toBe("hour");
    expect(
      fetchBody({ ...view, period: { kind: "range", from: "2026-01-01", to: "2026-04-04" } }, context).body.grain,
    ).toBe("week");
  });
});
