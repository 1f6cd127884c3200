/** The freshness words of the live view (packages/report-defs/src/live.ts), shared by API, CLI and dashboard. */
import { describe, expect, it } from "vitest";
import { freshnessLine, timeAgo, utcStamp } from "../src/live";

const NOW = Date.parse("2026-12-08T12:00:00Z");

describe("live freshness words", () => {
  it("says how long ago, rounded down", () => {
    expect(timeAgo("2026-12-08T11:59:30Z", NOW)).toBe("just now");
    expect(timeAgo("2026-12-08T11:55:00Z", NOW)).toBe("5 min ago");
    expect(timeAgo("2026-12-08T11:00:01Z", NOW)).toBe("59 min ago");
    expect(timeAgo("2026-12-08T09:00:00Z", NOW)).toBe("3 h ago");
    expect(timeAgo("2026-12-06T11:00:00Z", NOW)).toBe("2 days ago");
    expect(timeAgo("2026-12-09T00:00:00Z", NOW)).toBe("just now");
  });

  it("writes the line with both times, or what is missing", () => {
    expect(utcStamp("2026-12-01T11:45:00.000Z")).toBe("2026-12-01 11:45 UTC");
    expect(freshnessLine({ asOf: "2026-12-01T11:45:00.000Z", importedAt: "2026-12-08T11:00:00.000Z" }, NOW)).toBe(
      "Data as of 2026-12-01 11:45 UTC, imported 1 h ago.",
    );
    expect(freshnessLine({ asOf: "2026-12-01T11:45:00.000Z", importedAt: null }, NOW)).toBe(
      "Data as of 2026-12-01 11:45 UTC, import time unknown.",
    );
    expect(freshnessLine({ asOf: null, importedAt: null }, NOW)).toMatch(/^No conversation data yet/);
  });
});
