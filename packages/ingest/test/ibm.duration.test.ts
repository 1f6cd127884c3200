/**
 * The IBM dev file's durations modulo a day, mended from the final reply's tweet id. Hand-worked
 * values: the dev file's first session starts 2020-04-01T17:31:32Z, its client tweet
 * 1245403438755852288 is dated 2020-04-01T17:31:32Z in the file, and its final reply
 * 1245425308704149506 comes 1 h 26 min 55 s later, its written duration '01:26:55.0'.
 */
import { describe, expect, it } from "vitest";
import { tweetInstant, withWholeDays } from "../src/adapters/ibm-twitter/session";

const start = new Date("2020-04-01T17:31:32Z");
const at = (secs: number) => new Date(start.getTime() + secs * 1000);

describe("tweet ids as instants", () => {
  it("reads the time Twitter put in a snowflake id (ms precision)", () => {
    expect(tweetInstant("1245403438755852288")?.toISOString()).toBe("2020-04-01T17:31:32.933Z");
    expect(tweetInstant("1245425308704149506")?.toISOString()).toBe("2020-04-01T18:58:27.135Z");
  });

  it("gives null for anything but digits, and for ids older than snowflakes", () => {
    for (const v of [undefined, null, 12, "", "12a", "1".repeat(21), "-5"]) expect(tweetInstant(v)).toBeNull();
    expect(tweetInstant("20")).toBeNull(); // a 2006 id: no time in it
  });
});

describe("whole days added back to a duration", () => {
  it("keeps a duration that matches the reply (no day left out)", () => {
    expect(withWholeDays(5215, start, tweetInstant("1245425308704149506"))).toBe(5215);
  });

  it("adds the days when the reply came one or more days later, within 2 s", () => {
    expect(withWholeDays(7200, start, at(86_400 + 7200 + 0.5))).toBe(93_600);
    expect(withWholeDays(7200, start, at(3 * 86_400 + 7200 - 1.9))).toBe(3 * 86_400 + 7200);
  });

  it("keeps what it cannot explain: no reply time, a negative duration, a mismatch past 2 s", () => {
    expect(withWholeDays(7200, start, null)).toBe(7200);
    expect(withWholeDays(-44_060, start, at(86_400))).toBe(-44_060);
    expect(withWholeDays(7200, start, at(86_400 + 7200 + 3))).toBe(7200);
    expect(withWholeDays(null, start, at(86_400))).toBeNull();
    // A reply before the written end (the duration is longer than the span): kept as written.
    expect(withWholeDays(7200, start, at(3600))).toBe(7200);
  });
});
