/**
 * The zone-offset helper (time.ts) against an independent oracle, for every zone the runtime knows
 * (`Intl.supportedValuesOf('timeZone')`) and every offset change from 1970-01-01 to 2037-12-31.
 *
 * The oracle reads the wall clock (year, month, day, hour, minute, second) with
 * `Intl.DateTimeFormat` and takes the offset as wall clock minus instant; the helper reads the
 * runtime's `longOffset` zone name instead, so the two share the runtime's data and nothing else.
 * The oracle finds each zone's changes once, by sampling every {@link STEP_MS} and bisecting to the
 * second wherever its offset differs between two samples (reading `format`'s text, a third of the
 * cost of `formatToParts`; `formatToParts` confirms the offsets either side of every change and at
 * the start of every year); then the helper is checked cheaply against that list: the offsets one second before, at and one second after each change, `offsetSpans` over
 * each UTC year (exactly the oracle's changes in that year, and the oracle's offset at its start),
 * and `zonedToUtc` on the wall clocks around each change.
 *
 * The oracle's step is shorter than the closest two changes of any zone in these years (6.96 days,
 * America/Noronha in October 2000; the exact transitions of Debian's tzdata 2025b TZif files agree),
 * and longer than the helper's own step: a change the helper finds that the oracle did not fails the
 * yearly comparison, so the test cannot pass by both missing the same change unless it lasted under
 * the helper's step, and the closest changes seen must stay three of the helper's steps apart.
 */
import { describe, expect, it } from "vitest";
import { formatOffset, offsetSeconds, offsetSpans, zonedToUtc } from "../src/time";

const FROM = Date.UTC(1970, 0, 1);
const TO = Date.UTC(2038, 0, 1);
const STEP_MS = 5 * 86_400_000;

/** An offset change: at instant `at` (ms), from `before` to `after` seconds east of UTC. */
interface Change {
  readonly at: number;
  readonly before: number;
  readonly after: number;
}

const WALL_OPTIONS: Intl.DateTimeFormatOptions = {
  hourCycle: "h23",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
};
/** What en-US `format` writes with {@link WALL_OPTIONS}: '1/7/1972, 00:44:30'. */
const WALL_TEXT = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+):(\d+)$/;

/**
 * The oracle's offset of `zone` at whole-second instants, wall clock minus instant: `parts` reads
 * the wall clock with formatToParts, `scan` reads the same numbers from `format`'s text, three
 * times faster, for the sampling; every offset the checks rely on is confirmed with `parts`.
 */
function oracle(zone: string): { parts: (ms: number) => number; scan: (ms: number) => number } {
  const f = new Intl.DateTimeFormat("en-US", { timeZone: zone, ...WALL_OPTIONS });
  const offset = (ms: number, y: number, mo: number, d: number, h: number, mi: number, s: number) =>
    (Date.UTC(y, mo - 1, d, h, mi, s) - ms) / 1000;
  return {
    parts: (ms) => {
      const p: Record<string, number> = {};
      for (const part of f.formatToParts(ms)) if (part.type !== "literal") p[part.type] = Number(part.value);
      return offset(
        ms,
        p.year as number,
        p.month as number,
        p.day as number,
        p.hour as number,
        p.minute as number,
        p.second as number,
      );
    },
    scan: (ms) => {
      const m = WALL_TEXT.exec(f.format(ms));
      if (!m) throw new Error(`Unexpected wall clock ${f.format(ms)} in ${zone}`);
      return offset(ms, Number(m[3]), Number(m[1]), Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]));
    },
  };
}

/** Every change of the oracle's offset in [FROM, TO), sampled with `scan`. */
function changesOf(read: (ms: number) => number): Change[] {
  const out: Change[] = [];
  let lo = FROM;
  let before = read(FROM);
  for (let t = FROM + STEP_MS; lo < TO; t = Math.min(t + STEP_MS, TO)) {
    let off = read(t);
    while (off !== before) {
      let hi = t;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (read(mid) === before) lo = mid;
        else hi = mid;
      }
      const after = read(hi);
      if (hi < TO) out.push({ at: hi, before, after });
      before = after;
      lo = hi;
      off = read(t);
    }
    lo = t;
  }
  return out;
}

const zones = Intl.supportedValuesOf("timeZone");
const years = Array.from({ length: 2038 - 1970 }, (_, i) => 1970 + i);
const iso = (ms: number) => new Date(ms).toISOString();

/** The wall clock `local` (ms, as if UTC) read back through zonedToUtc. */
const fromWall = (zone: string, local: number) => {
  const w = new Date(local);
  return zonedToUtc(
    zone,
    w.getUTCFullYear(),
    w.getUTCMonth() + 1,
    w.getUTCDate(),
    w.getUTCHours(),
    w.getUTCMinutes(),
    w.getUTCSeconds(),
  ).getTime();
};

describe("zone offsets against Intl's wall clock, every zone, 1970-2037", () => {
  it("agree at every change, over every year, and on the wall clocks around each change", () => {
    const problems: string[] = [];
    let changes = 0;
    const seen = { monrovia: false, quarterless: 0, closest: Number.POSITIVE_INFINITY };
    for (const zone of zones) {
      const { parts, scan } = oracle(zone);
      const list = changesOf(scan);
      changes += list.length;
      list.forEach((c, i) => {
        if (i > 0) seen.closest = Math.min(seen.closest, c.at - (list[i - 1] as Change).at);
      });
      for (const c of list) {
        const at = `${zone} ${iso(c.at)} (${formatOffset(c.before)} -> ${formatOffset(c.after)})`;
        if (parts(c.at - 1000) !== c.before || parts(c.at) !== c.after) problems.push(`${at}: formatToParts disagrees`);
        const got = [offsetSeconds(zone, c.at - 1000), offsetSeconds(zone, c.at), offsetSeconds(zone, c.at + 1000)];
        if (got.join() !== [c.before, c.after, c.after].join()) problems.push(`${at}: offsets ${got.join(", ")}`);
        if (c.at % 900_000 !== 0) seen.quarterless++;
        if (zone === "Africa/Monrovia" && c.before === -2670) seen.monrovia = true;
        // The last second before the change reads back to itself (any other reading lies before the change).
        const last = fromWall(zone, c.at - 1000 + c.before * 1000);
        if (last !== c.at - 1000) problems.push(`${at}: last wall second gives ${iso(last)}`);
        // The first second after: once when the clock goes forward, else its earlier reading.
        const first = fromWall(zone, c.at + c.after * 1000);
        const expected = c.after > c.before ? c.at : c.at - (c.before - c.after) * 1000;
        if (first !== expected) problems.push(`${at}: first wall second gives ${iso(first)}, not ${iso(expected)}`);
        // A wall time the change skips moves forward by the gap.
        if (c.after > c.before) {
          const skipped = fromWall(zone, c.at + c.before * 1000);
          if (skipped !== c.at) problems.push(`${at}: skipped wall time gives ${iso(skipped)}`);
        }
      }
      for (const y of years) {
        const start = Date.UTC(y, 0, 1);
        const end = Date.UTC(y + 1, 0, 1);
        const expected = [
          { fromMs: start, offsetSeconds: parts(start) },
          ...list.filter((c) => c.at > start && c.at < end).map((c) => ({ fromMs: c.at, offsetSeconds: c.after })),
        ];
        const got = offsetSpans(zone, start, end);
        if (JSON.stringify(got) !== JSON.stringify(expected))
          problems.push(`${zone} ${y}: spans ${JSON.stringify(got)}, oracle ${JSON.stringify(expected)}`);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    // The oracle did see what makes this test worth running: thousands of changes, Monrovia's
    // -0:44:30, and changes off the UTC quarter-hours (St John's, Goose Bay, Casey, Gaza...).
    expect(zones.length).toBeGreaterThan(400);
    expect(changes).toBeGreaterThan(10_000);
    expect(seen.monrovia).toBe(true);
    expect(seen.quarterless).toBeGreaterThan(50);
    // The helper samples every 2 days (time.ts SAMPLE_MS): two changes that close would call for a
    // shorter step. The closest are 6.96 days apart (America/Noronha, October 2000).
    expect(seen.closest).toBeGreaterThanOrEqual(3 * 2 * 86_400_000);
  }, 120_000);
});
