/**
 * The read pool on a real DuckDB file: reads on several connections beside the write connection,
 * the last connection kept for short reads, the shortest first, time limits, cancellation, the
 * bounded queue, and what a read sees while a write is in progress; and what moves the
 * warehouse's data version.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReadPool, Warehouse, WarehouseError } from "../src/index";

/** Runs for minutes unless stopped: every test that starts it stops it. */
const SLOW = "SELECT count(*) AS n FROM range(10000000000) t(i) WHERE i % 7 = 3";

let dir: string;
let wh: Warehouse;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tl-pool-"));
  wh = await Warehouse.open(join(dir, "t.duckdb"));
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The error code a promise rejects with (fails the test when it resolves). */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(WarehouseError);
    return (e as WarehouseError).code;
  }
  throw new Error("expected a rejection");
}

/** A read started now and whether it has settled yet. */
function started<T>(p: Promise<T>) {
  const s = { settled: false, promise: p };
  p.then(
    () => {
      s.settled = true;
    },
    () => {
      s.settled = true;
    },
  );
  return s;
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};

describe("ReadPool", () => {
  it("runs a fast read while a slow one holds another connection, then cancels the slow one", async () => {
    const pool = await ReadPool.open(wh, { size: 2 });
    const stop = new AbortController();
    const slow = started(pool.query(SLOW, [], { signal: stop.signal }));
    await until(() => pool.stats().running === 1);
    const t0 = performance.now();
    const fast = await pool.query<{ x: number }>("SELECT $1::INTEGER + 1 AS x", [41]);
    expect(fast.rows).toEqual([{ x: 42 }]);
    expect(slow.settled).toBe(false);
    expect(performance.now() - t0).toBeLessThan(5000);
    stop.abort();
    expect(await codeOf(slow.promise)).toBe("cancelled");
    expect(pool.stats()).toMatchObject({ running: 0, waiting: 0 });
    await pool.close();
  });

  it("keeps the last connection from slow reads for a much shorter one", async () => {
    const pool = await ReadPool.open(wh, { size: 2, slowAfterMs: 50 });
    const stop = new AbortController();
    const slow = started(pool.query(SLOW, [], { expectedMs: 1000, signal: stop.signal }));
    await until(() => pool.stats().running === 1);
    // Another 1000 ms read would take the last connection: it waits.
    const stopQueued = new AbortController();
    const other = started(pool.query("SELECT 2 AS x", [], { expectedMs: 1000, signal: stopQueued.signal }));
    await until(() => pool.stats().waiting === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(other.settled).toBe(false);
    // A 5 ms read is more than twice shorter: it gets the last connection at once.
    expect((await pool.query("SELECT 3 AS x", [], { expectedMs: 5 })).rows).toEqual([{ x: 3 }]);
    // Cancelling a queued read takes it out of the queue.
    stopQueued.abort();
    expect(await codeOf(other.promise)).toBe("cancelled");
    expect(pool.stats().waiting).toBe(0);
    stop.abort();
    expect(await codeOf(slow.promise)).toBe("cancelled");
    await pool.close();
  });

  it("runs at most maxSlow slow reads at once; shorter reads still take the free connections", async () => {
    const pool = await ReadPool.open(wh, { size: 4, slowAfterMs: 50, maxSlow: 1 });
    const stop = new AbortController();
    const slow = started(pool.query(SLOW, [], { expectedMs: 1000, signal: stop.signal }));
    await until(() => pool.stats().running === 1);
    // A second slow read waits though three connections are free.
    const second = started(pool.query("SELECT 2 AS x", [], { expectedMs: 1000, signal: stop.signal }));
    await until(() => pool.stats().waiting === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(second.settled).toBe(false);
    expect(pool.stats()).toMatchObject({ running: 1, waiting: 1 });
    // Short ones (and ones not known yet) run at once beside it.
    expect((await pool.query("SELECT 3 AS x", [], { expectedMs: 10 })).rows).toEqual([{ x: 3 }]);
    expect((await pool.query("SELECT 4 AS x")).rows).toEqual([{ x: 4 }]);
    // A read not known yet that has run past slowAfterMs counts as slow too.
    const unknown = started(pool.query(SLOW, [], { signal: stop.signal }));
    await until(() => pool.stats().running === 2);
    // A third slow read waits too; once the others have stopped it takes the one slow slot.
    const freed = new AbortController();
    const third = started(pool.query(SLOW, [], { expectedMs: 1000, signal: freed.signal }));
    await until(() => pool.stats().waiting === 2);
    stop.abort();
    expect(await codeOf(slow.promise)).toBe("cancelled");
    await codeOf(unknown.promise);
    expect(await codeOf(second.promise)).toBe("cancelled");
    await until(() => pool.stats().running === 1 && pool.stats().waiting === 0);
    expect(third.settled).toBe(false);
    freed.abort();
    expect(await codeOf(third.promise)).toBe("cancelled");
    await pool.close();
  });

  it("judges a read not seen before by how long it has run: slow once past slowAfterMs", async () => {
    const pool = await ReadPool.open(wh, { size: 2, slowAfterMs: 200 });
    const stop = new AbortController();
    const unknown = started(pool.query(SLOW, [], { signal: stop.signal }));
    await until(() => pool.stats().running === 1);
    // Not slow yet: a 100 ms read may take the last connection.
    expect((await pool.query("SELECT 1 AS x", [], { expectedMs: 100 })).rows).toEqual([{ x: 1 }]);
    // Once it has run 200 ms it is slow: a 300 ms read waits until the unknown one has run 600 ms.
    await new Promise((r) => setTimeout(r, 250));
    const t0 = performance.now();
    const waited = started(pool.query("SELECT 2 AS x", [], { expectedMs: 300 }));
    await until(() => waited.settled);
    expect(performance.now() - t0).toBeGreaterThan(150);
    expect((await waited.promise).rows).toEqual([{ x: 2 }]);
    // A 10 ms read is more than twice shorter than what the unknown read has run: at once.
    const t1 = performance.now();
    await pool.query("SELECT 3 AS x", [], { expectedMs: 10 });
    expect(performance.now() - t1).toBeLessThan(1000);
    expect(unknown.settled).toBe(false);
    stop.abort();
    await codeOf(unknown.promise);
    await pool.close();
  });

  it("gives a freed connection to the shortest expected read, unless a longer one has waited too long", async () => {
    const pool = await ReadPool.open(wh, { size: 1 });
    const order: string[] = [];
    const read = (name: string, expectedMs: number) =>
      pool.query("SELECT 1", [], { expectedMs }).then(() => order.push(name));
    const hold = async () => {
      const stop = new AbortController();
      const slow = pool.query(SLOW, [], { signal: stop.signal }).catch(() => undefined);
      await until(() => pool.stats().running === 1);
      return async () => {
        stop.abort();
        await slow;
      };
    };
    let release = await hold();
    const reads = [read("long", 1000), read("short", 5), read("middle", 100)];
    await until(() => pool.stats().waiting === 3);
    await release();
    await Promise.all(reads);
    expect(order).toEqual(["short", "middle", "long"]);
    // A 50 ms read that has waited 1.1 s (past 10 x 50 ms and 1 s) goes before a 5 ms read that
    // has just come; after 300 ms it would not have.
    order.length = 0;
    release = await hold();
    const waited = read("waited", 50);
    await new Promise((r) => setTimeout(r, 1100));
    const fresh = read("fresh", 5);
    await until(() => pool.stats().waiting === 2);
    await release();
    await Promise.all([waited, fresh]);
    expect(order).toEqual(["waited", "fresh"]);
    await pool.close();
  });

  it("interrupts a statement past its time limit; the same connection then serves the next read", async () => {
    const pool = await ReadPool.open(wh, { size: 1, timeoutMs: 300 });
    const t0 = performance.now();
    const err = await pool.query(SLOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect((err as WarehouseError).code).toBe("timeout");
    expect((err as WarehouseError).message).toMatch(/time limit of 0\.3 s/);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect((await pool.query("SELECT 7 AS x")).rows).toEqual([{ x: 7 }]);
    await pool.close();
  });

  it("refuses a read that waited for a connection past its limit as busy, and a full queue at once", async () => {
    const pool = await ReadPool.open(wh, { size: 1, maxQueue: 1 });
    const stop = new AbortController();
    const slow = started(pool.query(SLOW, [], { signal: stop.signal }));
    await until(() => pool.stats().running === 1);
    const waited = pool.query("SELECT 1", [], { timeoutMs: 200 });
    // The queue (1) is now full: the next read is refused without waiting.
    const t0 = performance.now();
    const full = await pool.query("SELECT 1").catch((e: unknown) => e);
    expect(performance.now() - t0).toBeLessThan(100);
    expect(full).toMatchObject({ code: "busy" });
    expect((full as WarehouseError).retryAfterSecs).toBeGreaterThanOrEqual(1);
    expect(await codeOf(waited)).toBe("busy");
    expect(pool.stats().waiting).toBe(0);
    stop.abort();
    await codeOf(slow.promise);
    await pool.close();
  });

  it("reads what was committed when the statement started, never a write in progress", async () => {
    const pool = await ReadPool.open(wh, { size: 2 });
    const count = async () =>
      (await pool.query<{ n: number }>("SELECT count(*) AS n FROM agents WHERE source = 'pooltest'")).rows[0]?.n;
    const before = wh.dataVersion;
    const seen = await wh.transaction(async (tx) => {
      await tx.run(
        "INSERT INTO agents (agent_id, source, import_id, username, disabled) VALUES ('p1', 'pooltest', 'i', 'p', false)",
      );
      return { inside: await count(), version: wh.dataVersion };
    });
    expect(seen).toEqual({ inside: 0, version: before });
    expect(await count()).toBe(1);
    expect(wh.dataVersion).not.toBe(before);
    await pool.close();
  });

  it("closes with the warehouse: running reads stop, later ones are refused", async () => {
    const own = await Warehouse.open(join(dir, "close.duckdb"));
    const pool = await ReadPool.open(own, { size: 2 });
    const slow = started(pool.query(SLOW));
    await until(() => pool.stats().running === 1);
    await own.close();
    expect(await codeOf(slow.promise)).toBe("closed");
    expect(await codeOf(pool.query("SELECT 1"))).toBe("closed");
  });

  it("stops a statement cancelled before DuckDB has started it", async () => {
    const pool = await ReadPool.open(wh, { size: 1, timeoutMs: 20_000 });
    for (let i = 0; i < 3; i++) {
      const stop = new AbortController();
      const t0 = performance.now();
      const read = pool.query(SLOW, [], { signal: stop.signal });
      await new Promise((r) => setImmediate(r)); // the statement is being prepared, not yet running
      stop.abort();
      expect(await codeOf(read)).toBe("cancelled");
      expect(performance.now() - t0).toBeLessThan(10_000);
    }
    expect((await pool.query("SELECT 8 AS x")).rows).toEqual([{ x: 8 }]);
    await pool.close();
  });

  it("refuses a size under 1", async () => {
    await expect(ReadPool.open(wh, { size: 0 })).rejects.toThrow(/size/);
  });
});

describe("Warehouse.dataVersion", () => {
  it("moves after a write of report data, and not for reads or writes of other tables", async () => {
    const v0 = wh.dataVersion;
    await wh.query("SELECT count(*) FROM calls");
    await wh.query("SELECT * FROM agents WHERE username = 'x; DELETE'");
    await wh.run("CREATE TABLE IF NOT EXISTS app_notes (note VARCHAR)");
    await wh.run("INSERT INTO app_notes VALUES ('hello')");
    await wh.transaction(async (tx) => {
      await tx.query("SELECT count(*) FROM messages");
    });
    expect(wh.dataVersion).toBe(v0);
    await wh.run("DELETE FROM agents WHERE agent_id = 'nobody'");
    const v1 = wh.dataVersion;
    expect(v1).not.toBe(v0);
    // A write through query() (RETURNING) counts too.
    await wh.query("UPDATE agents SET disabled = true WHERE agent_id = 'nobody' RETURNING agent_id");
    const v2 = wh.dataVersion;
    expect(v2).not.toBe(v1);
    // An appender writes without SQL: handing out the connection counts.
    await wh.transaction(async (tx) => {
      const appender = await tx.connection.createAppender("app_notes");
      appender.appendVarchar("appended");
      appender.endRow();
      appender.closeSync();
    });
    expect(wh.dataVersion).not.toBe(v2);
  });

  it("differs between two opens of the same file", async () => {
    const path = join(dir, "epoch.duckdb");
    const a = await Warehouse.open(path);
    const va = a.dataVersion;
    await a.close();
    const b = await Warehouse.open(path);
    expect(b.dataVersion).not.toBe(va);
    await b.close();
  });
});
