/**
 * The generated data has the shapes the generator promises (src/*.ts), on four weeks
 * around the start of summer time in Europe/Amsterdam (2026-03-29) at the default scale: arrivals
 * by hour and weekday, abandonment of queued calls between 5% and 8%, log-normal handle times, a
 * share of bot-only chats, some missed assignments and transfers, and local hours that follow the
 * zone across the DST change.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type Generated, generate } from "../src/index";

let g: Generated;
beforeAll(() => {
  g = generate({ seed: 1, days: 28, end: "2026-04-10", timezone: "Europe/Amsterdam", scale: 400 });
});

const share = (part: number, whole: number) => part / whole;

describe("calls", () => {
  it("abandonment, waits and handle times are in the promised ranges", () => {
    const calls = g.figures.canonical.total.calls;
    expect(calls?.abandonmentRatePercent).toBeGreaterThan(5);
    expect(calls?.abandonmentRatePercent).toBeLessThan(8);
    expect(calls?.asaSecs).toBeGreaterThan(20);
    expect(calls?.asaSecs).toBeLessThan(60);
    const handles = g.world.calls.flatMap((c) => (c.handleSecs === null ? [] : [c.handleSecs])).sort((a, b) => a - b);
    const median = handles[Math.floor(handles.length / 2)] ?? 0;
    const p90 = handles[Math.floor(handles.length * 0.9)] ?? 0;
    expect(median).toBeGreaterThan(200);
    expect(median).toBeLessThan(350);
    expect(p90 / median).toBeGreaterThan(1.6); // right-skewed (log-normal)
  });

  it("arrive in opening hours, busier on weekdays, at 08:00 local time on both sides of the DST change", () => {
    const cal = g.calendar;
    const perDay = new Map<string, number[]>();
    for (const c of g.world.calls) {
      const d = cal.localDate(c.startedAt);
      perDay.set(d, [...(perDay.get(d) ?? []), cal.localHour(c.startedAt)]);
    }
    let weekday = 0;
    let weekend = 0;
    for (const day of cal.days) {
      const hours = perDay.get(day.date) ?? [];
      expect(Math.min(...hours), day.date).toBe(day.weekend ? 9 : 8);
      expect(Math.max(...hours), day.date).toBe(day.weekend ? 16 : 19);
      if (day.weekend) weekend += hours.length / 8;
      else weekday += hours.length / 20;
    }
    expect(weekday / weekend).toBeGreaterThan(2.5);
  });
});

describe("chats", () => {
  it("have bot-only, missed and transferred conversations in realistic shares", () => {
    const t = g.figures.canonical.total;
    const botOnly = g.world.conversations.filter((c) => c.assignments.length === 0).length;
    expect(share(botOnly, t.conversations)).toBeGreaterThan(0.3);
    expect(share(botOnly, t.conversations)).toBeLessThan(0.55);
    expect(share(t.missedAssignments, t.assignments)).toBeGreaterThan(0.03);
    expect(share(t.missedAssignments, t.assignments)).toBeLessThan(0.1);
    expect(share(t.transfers, t.assignments)).toBeGreaterThan(0.02);
    expect(share(t.transfers, t.assignments)).toBeLessThan(0.1);
  });

  it("arrive around the clock, busiest late morning, quiet at night", () => {
    const byHour = new Array<number>(24).fill(0);
    for (const c of g.world.conversations) {
      const h = g.calendar.localHour(c.startedAt);
      byHour[h] = (byHour[h] ?? 0) + 1;
    }
    const [night, morning] = [byHour.slice(2, 5), byHour.slice(10, 13)].map((h) => h.reduce((a, b) => a + b, 0));
    expect(night).toBeGreaterThan(0);
    expect(morning ?? 0).toBeGreaterThan(10 * (night ?? 0));
  });

  it("have hourly traffic on every local hour: 23 on the day summer time starts, 24 on the others", () => {
    const hours = new Map<string, number>();
    for (const t of g.world.traffic.filter((x) => x.entrypoint.raw === "801")) {
      const d = g.calendar.localDate(t.hourStart);
      hours.set(d, (hours.get(d) ?? 0) + 1);
    }
    for (const day of g.calendar.days) expect(hours.get(day.date), day.date).toBe(day.date === "2026-03-29" ? 23 : 24);
  });

  it("keep agents online only in their shifts, with breaks", () => {
    for (const s of g.world.shifts.filter((x) => x.states.length > 0)) {
      expect(s.states[0]?.start).toBe(s.start);
      expect(s.states[s.states.length - 1]?.end).toBe(s.end);
      expect(s.performance?.numBreaks).toBeGreaterThanOrEqual(2);
    }
  });
});
