/** The runner's settings from the environment: defaults, validation by variable name, units. */
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";
import { runnerOptions } from "../src/server";

describe("report runner configuration", () => {
  it("defaults to 4 read connections, slow reports on half the cores, 30 s, a queue of 64 and 128 MiB of cache", () => {
    const c = loadConfig({});
    expect(runnerOptions(c)).toEqual({
      readConnections: 4,
      maxSlowReads: Math.max(1, Math.floor(availableParallelism() / 2)),
      queryTimeoutMs: 30_000,
      maxQueue: 64,
      cacheBytes: 128 * 2 ** 20,
    });
  });

  it("takes seconds and MiB from the environment", () => {
    const c = loadConfig({
      TALLYLINE_READ_CONNECTIONS: "2",
      TALLYLINE_SLOW_READS: "3",
      TALLYLINE_QUERY_TIMEOUT_SECS: "2.5",
      TALLYLINE_QUERY_QUEUE: "0",
      TALLYLINE_CACHE_MB: "0.5",
    });
    expect(runnerOptions(c)).toEqual({
      readConnections: 2,
      maxSlowReads: 3,
      queryTimeoutMs: 2500,
      maxQueue: 0,
      cacheBytes: 512 * 1024,
    });
  });

  it("names every bad variable", () => {
    expect(() =>
      loadConfig({
        TALLYLINE_READ_CONNECTIONS: "0",
        TALLYLINE_SLOW_READS: "0",
        TALLYLINE_QUERY_TIMEOUT_SECS: "soon",
        TALLYLINE_QUERY_QUEUE: "-1",
        TALLYLINE_CACHE_MB: "lots",
      }),
    ).toThrow(
      /TALLYLINE_READ_CONNECTIONS[\s\S]*TALLYLINE_SLOW_READS[\s\S]*TALLYLINE_QUERY_TIMEOUT_SECS[\s\S]*TALLYLINE_QUERY_QUEUE[\s\S]*TALLYLINE_CACHE_MB/,
    );
  });
});
