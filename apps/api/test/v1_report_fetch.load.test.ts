/**
 * Slow reports over real HTTP on 127.0.0.1 and a real DuckDB file. The slow report is a real one,
 * `calls.offered`, over a test-only view that replaces the `calls` table with 100 billion generated
 * calls on 1999-02-02 (it would run for hours): every test stops it. The fast report is
 * `engagement.messages`, whose tables are empty. Each test checks that the server still answers.
 */
import type { Warehouse } from "@tallyline/warehouse";
import { afterEach, describe, expect, it } from "vitest";
import { eventually, liveServer } from "./liveServer";

const SLOW = "/api/v1/report/calls.offered/fetch";
const FAST = "/api/v1/report/engagement.messages/fetch";
const Q = { from: "1999-02-01", to: "1999-02-03", timezone: "UTC" };

/** Replaces `calls` with a view of endless generated calls, each a copy of one stored call. */
async function endlessCalls(wh: Warehouse): Promise<void> {
  await wh.run("ALTER TABLE calls RENAME TO calls_stored");
  await wh.run(`CREATE VIEW calls AS
    SELECT c.* REPLACE (TIMESTAMP '1999-02-02 00:00:00' + to_seconds(t.i % 86400) AS started_at)
    FROM range(100000000000) t(i) CROSS JOIN (SELECT * FROM calls_stored LIMIT 1) c`);
}

let s: Awaited<ReturnType<typeof liveServer>> | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** A request started now whose answer is awaited later; `abort()` closes the client's connection. */
function inFlight(server: NonNullable<typeof s>, path: string, body: unknown) {
  const controller = new AbortController();
  const state = { settled: false };
  const response = server.post(path, body, { signal: controller.signal });
  response.then(
    () => {
      state.settled = true;
    },
    () => {
      state.settled = true;
    },
  );
  return { response, state, abort: () => controller.abort() };
}

async function stillServes(server: NonNullable<typeof s>): Promise<void> {
  const res = await server.post(FAST, Q);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ from: "1999-02-01", to: "1999-02-03" });
}

const running = (server: NonNullable<typeof s>) => server.runner.stats().pool?.running ?? 0;

describe("slow reports", () => {
  it("a slow report does not hold a fast one back (another read connection)", async () => {
    s = await liveServer({ prepare: endlessCalls, runner: { readConnections: 2 } });
    const slow = inFlight(s, SLOW, Q);
    expect(await eventually(() => running(s as NonNullable<typeof s>) === 1)).toBe(true);
    const t0 = performance.now();
    await stillServes(s);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(slow.state.settled).toBe(false);
    slow.abort();
    await slow.response.catch(() => undefined);
  });

  it("stops the statement when the client disconnects", async () => {
    s = await liveServer({ prepare: endlessCalls, runner: { readConnections: 1 } });
    const slow = inFlight(s, SLOW, Q);
    expect(await eventually(() => running(s as NonNullable<typeof s>) === 1)).toBe(true);
    slow.abort();
    // The one connection comes free within moments, long before the statement could end.
    expect(await eventually(() => running(s as NonNullable<typeof s>) === 0, 5_000)).toBe(true);
    await stillServes(s);
  });

  it("drill-down records run on the read pool and stop when the client disconnects", async () => {
    s = await liveServer({ prepare: endlessCalls, runner: { readConnections: 2 } });
    const records = inFlight(s, "/api/v1/report/calls.offered/records", { query: Q });
    // The count (endless) and the page of records run on the pool's connections, not the write one.
    expect(await eventually(() => running(s as NonNullable<typeof s>) >= 1)).toBe(true);
    expect(records.state.settled).toBe(false);
    records.abort();
    expect(await eventually(() => running(s as NonNullable<typeof s>) === 0, 5_000)).toBe(true);
    await stillServes(s);
  });

  it("a statement shared by two identical requests stops only when both clients have gone", async () => {
    s = await liveServer({ prepare: endlessCalls, runner: { readConnections: 2 } });
    const a = inFlight(s, SLOW, Q);
    expect(await eventually(() => running(s as NonNullable<typeof s>) === 1)).toBe(true);
    const b = inFlight(s, SLOW, Q);
    await new Promise((r) => setTimeout(r, 200));
    expect(running(s)).toBe(1); // b joined a's statement
    a.abort();
    await a.response.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    expect(running(s)).toBe(1); // b still waits for it
    expect(b.state.settled).toBe(false);
    b.abort();
    expect(await eventually(() => running(s as NonNullable<typeof s>) === 0, 5_000)).toBe(true);
    await stillServes(s);
  });

  it("answers 504 with the one error body past the time limit; the connection serves the next report", async () => {
    s = await liveServer({ prepare: endlessCalls, runner: { readConnections: 1, queryTimeoutMs: 400 } });
    const t0 = performance.now();
    const res = await s.post(SLOW, Q, { headers: { "x-request-id": "slow-1" } });
    expect(res.status).toBe(504);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error).toMatchObject({ code: "timeout", requestId: "slow-1" });
    expect(body.error.message).toMatch(/time limit of 0\.4 s.*shorter period or fewer filters/);
    expect(performance.now() - t0).toBeLessThan(10_000);
    await stillServes(s);
  });

  it("answers 503 with Retry-After when the queue is full, and serves again once it drains", async () => {
    s = await liveServer({ prepare: endlessCalls, runner: { readConnections: 1, maxQueue: 1 } });
    const first = inFlight(s, SLOW, Q);
    expect(await eventually(() => running(s as NonNullable<typeof s>) === 1)).toBe(true);
    // Another period, so that it is not joined to the first: it waits in the queue.
    const second = inFlight(s, SLOW, { ...Q, from: "1999-01-31" });
    expect(await eventually(() => s?.runner.stats().pool?.waiting === 1)).toBe(true);
    const full = await s.post(SLOW, { ...Q, from: "1999-01-30" });
    expect(full.status).toBe(503);
    expect(Number(full.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await full.json()) as { error: { code: string } }).error.code).toBe("busy");
    first.abort();
    second.abort();
    await Promise.allSettled([first.response, second.response]);
    expect(
      await eventually(() => running(s as NonNullable<typeof s>) === 0 && s?.runner.stats().pool?.waiting === 0),
    ).toBe(true);
    await stillServes(s);
    // A route of application state (the main connection) answers too. (Not the report list: its
    // data span would scan the endless view.)
    expect((await fetch(`${s.url}/api/v1/segments`, { headers: { authorization: s.authorization } })).status).toBe(200);
  });
});
