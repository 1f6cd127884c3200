import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { WarehouseError } from "./errors";
import { type Row, rowsOf } from "./values";
import type { AttachedOwner, Param, Warehouse } from "./warehouse";

/** Options of {@link ReadPool.open}. */
export interface ReadPoolOptions {
  /** Read connections, at least 1 (default 4). With 1, every read waits for the one before it. */
  readonly size?: number;
  /** Most reads waiting for a connection; the next one is refused at once with 'busy' (default 64). */
  readonly maxQueue?: number;
  /**
   * Default time limit of one read in milliseconds, from the moment it asks for a connection to its
   * last row (default 30,000). Past it a waiting read fails 'busy', a running one is interrupted and
   * fails 'timeout'.
   */
  readonly timeoutMs?: number;
  /**
   * A read is slow when it is expected to run this many ms (default 25), or, not known, has run
   * that long. When every
   * other connection is held by a slow read, the last free one is kept for a read expected to take
   * at most half the time of each of them (see {@link ReadOptions.expectedMs}).
   */
  readonly slowAfterMs?: number;
  /**
   * Most slow reads (see `slowAfterMs`; a read not known yet counts once it has run that long)
   * running at once (default: no limit). A slow read past it waits, while shorter reads still take
   * the free connections. DuckDB spreads one statement over every core, so on a small machine a
   * second slow statement adds little throughput but slows every short read beside it: the server
   * sets this from the core count (apps/api config `TALLYLINE_SLOW_READS`).
   */
  readonly maxSlow?: number;
}

/** Options of one {@link ReadPool.query}. */
export interface ReadOptions {
  /** Aborting it takes the read out of the queue, or interrupts its statement: it fails 'cancelled'. */
  readonly signal?: AbortSignal;
  /** This read's time limit in ms (default: the pool's). */
  readonly timeoutMs?: number;
  /**
   * How long the read is expected to run, in ms (default 0: short). It decides two things:
   * - a freed connection goes to the waiting read with the least expected time (the shortest
   *   first), except that reads that have waited ten times their expected time, and at least a
   *   second, go before all others, the longest waiting first (no read starves);
   * - when every other connection is held by a slow read (see {@link ReadPoolOptions.slowAfterMs}),
   *   the last free connection goes only to a read expected to take at most half of what each
   *   of them is expected to take (a read expected to take 0, i.e. not known, counts at the time it
   *   has run so far). So slow reports cannot take every connection from fast ones; with one
   *   connection nothing is kept back.
   */
  readonly expectedMs?: number;
}

/** Rows of a read and how long its statement ran. */
export interface ReadResult<T extends Row> {
  readonly rows: T[];
  /** Milliseconds from the start of the statement to its last row (the wait for a connection excluded). */
  readonly ms: number;
}

/** What a {@link ReadPool} is doing now. */
export interface ReadPoolStats {
  readonly size: number;
  readonly running: number;
  readonly waiting: number;
}

interface Waiter {
  readonly expectedMs: number;
  /** performance.now() when it began to wait. */
  readonly since: number;
  readonly grant: (conn: DuckDBConnection) => void;
}

const DEFAULTS = {
  size: 4,
  maxQueue: 64,
  timeoutMs: 30_000,
  slowAfterMs: 25,
  maxSlow: Number.POSITIVE_INFINITY,
} as const;

/** The last free connection goes to a read expected to be this many times shorter than every running one. */
const SHORTER = 2;

/** How often the queue is looked at again while a connection is kept free for a short read, in ms. */
const RECHECK_MS = 25;

/**
 * Reads on several connections of one warehouse's DuckDB instance (DuckDB runs statements of
 * different connections at the same time), beside the warehouse's one write connection. Each read
 * sees the data as last committed when its statement starts; an import in progress is invisible to
 * it until its COMMIT, and a read that started before that COMMIT keeps reading the state before it.
 *
 * Scheduling: a read takes a free connection at once when it may (see {@link ReadOptions.expectedMs}),
 * else waits in a queue of at most `maxQueue`; a freed connection goes to the waiting read it may
 * serve that is expected to be shortest, or has waited too long (see {@link ReadOptions.expectedMs}).
 * Time limits and cancellation interrupt the running statement (DuckDB's `interrupt()`), after
 * which the connection serves the next read as usual.
 */
export class ReadPool implements AttachedOwner {
  #free: DuckDBConnection[] = [];
  #all: readonly DuckDBConnection[] = [];
  readonly #queue: Waiter[] = [];
  readonly #running = new Set<Promise<unknown>>();
  /** How to stop each running statement, by its connection. */
  readonly #stops = new Map<DuckDBConnection, (why: StopReason) => void>();
  /** Expected time and start (performance.now()) of each running read. */
  readonly #runs = new Map<DuckDBConnection, { expectedMs: number; since: number }>();
  readonly #maxQueue: number;
  readonly #timeoutMs: number;
  readonly #slowAfterMs: number;
  readonly #maxSlow: number;
  #recheck: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  /** Recent statement time in ms (moving average), for the `Retry-After` hint. */
  #recentMs = 100;

  private constructor(
    private readonly warehouse: Warehouse,
    options: Required<ReadPoolOptions>,
  ) {
    this.#maxQueue = options.maxQueue;
    this.#timeoutMs = options.timeoutMs;
    this.#slowAfterMs = options.slowAfterMs;
    this.#maxSlow = options.maxSlow;
  }

  /**
   * Opens a pool of `options.size` read connections on `warehouse` (Warehouse.attach): closing the
   * warehouse closes the pool first. Throws RangeError for a size under 1, a negative queue or a
   * time limit under 1 ms; WarehouseError 'closed' or 'open_failed'.
   */
  static async open(warehouse: Warehouse, options: ReadPoolOptions = {}): Promise<ReadPool> {
    const o = { ...DEFAULTS, ...options };
    if (!Number.isInteger(o.size) || o.size < 1) throw new RangeError(`ReadPool: size must be a whole number >= 1`);
    if (!Number.isInteger(o.maxQueue) || o.maxQueue < 0) throw new RangeError(`ReadPool: maxQueue must be >= 0`);
    if (!(o.timeoutMs >= 1)) throw new RangeError(`ReadPool: timeoutMs must be >= 1`);
    if (!(o.maxSlow >= 1)) throw new RangeError(`ReadPool: maxSlow must be >= 1`);
    const pool = new ReadPool(warehouse, o);
    pool.#all = await warehouse.attach(pool, o.size);
    pool.#free = [...pool.#all];
    return pool;
  }

  /**
   * Runs one read-only statement with positional parameters on a pool connection and returns its
   * rows as JSON-safe objects (see `toCell`) with its running time. Throws {@link WarehouseError}:
   * 'busy' (queue full, or no connection within the time limit; `retryAfterSecs` says when to try
   * again), 'timeout' (the statement ran past the time limit and was interrupted), 'cancelled'
   * (`options.signal` aborted), 'query_failed' (DuckDB refused it), 'closed'.
   */
  async query<T extends Row = Row>(
    sql: string,
    params: readonly Param[] = [],
    options: ReadOptions = {},
  ): Promise<ReadResult<T>> {
    const limitMs = options.timeoutMs ?? this.#timeoutMs;
    const deadline = performance.now() + limitMs;
    const expectedMs = options.expectedMs ?? 0;
    const conn = await this.#acquire(expectedMs, deadline, limitMs, options.signal);
    if (this.#closed) {
      // close() ran between the grant and now: its connections are about to close.
      this.#release(conn);
      throw closedError();
    }
    const work = this.#execute<T>(conn, sql, params, deadline, limitMs, options.signal);
    this.#running.add(work);
    try {
      return await work;
    } finally {
      this.#running.delete(work);
      this.#release(conn);
    }
  }

  /** Connections, reads running and reads waiting, now. */
  stats(): ReadPoolStats {
    return {
      size: this.#all.length,
      running: this.#all.length - this.#free.length,
      waiting: this.#queue.length,
    };
  }

  /**
   * Refuses new reads, fails the waiting ones with 'closed', interrupts the running ones, waits for
   * them to stop, and closes the connections. Safe to call twice.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#recheck);
    for (const stop of this.#stops.values()) stop("closed");
    for (const w of this.#queue.splice(0)) w.grant(CLOSED);
    await Promise.allSettled([...this.#running]);
    for (const conn of this.#all) conn.closeSync();
    this.warehouse.detach(this);
  }

  #acquire(expectedMs: number, deadline: number, limitMs: number, signal?: AbortSignal): Promise<DuckDBConnection> {
    if (this.#closed) return Promise.reject(closedError());
    if (signal?.aborted) return Promise.reject(cancelledError());
    const now = this.#may(expectedMs, performance.now()) ? this.#take(expectedMs) : undefined;
    if (now) return Promise.resolve(now);
    if (this.#queue.length >= this.#maxQueue) {
      return Promise.reject(
        new WarehouseError(
          "busy",
          `All ${this.#all.length} read connections are busy and ${this.#queue.length} reads wait`,
          {
            retryAfterSecs: this.#retryAfter(),
          },
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        const i = this.#queue.indexOf(waiter);
        if (i >= 0) this.#queue.splice(i, 1);
      };
      const waiter: Waiter = {
        expectedMs,
        since: performance.now(),
        grant: (conn) => {
          done();
          if (conn === CLOSED) reject(closedError());
          else resolve(conn);
        },
      };
      const onAbort = () => {
        done();
        reject(cancelledError());
      };
      const timer = setTimeout(
        () => {
          done();
          reject(
            new WarehouseError("busy", `No read connection came free within ${seconds(limitMs)}`, {
              retryAfterSecs: this.#retryAfter(),
            }),
          );
        },
        Math.max(0, deadline - performance.now()),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#queue.push(waiter);
      this.#dispatch();
    });
  }

  /**
   * True when a read expected to take `expectedMs` may take a free connection at `now`: one is
   * free; if the read is slow, fewer than `maxSlow` slow reads run; and the free one is not the
   * last, or some running read is not slow, or the read is {@link SHORTER} times shorter than every
   * running read (each at its expected time; one with none, at the time it has run so far).
   */
  #may(expectedMs: number, now: number): boolean {
    if (this.#free.length === 0) return false;
    let shortest = Number.POSITIVE_INFINITY;
    let slow = 0;
    for (const r of this.#runs.values()) {
      const ms = r.expectedMs > 0 ? r.expectedMs : now - r.since;
      shortest = Math.min(shortest, ms);
      if (ms >= this.#slowAfterMs) slow++;
    }
    if (expectedMs >= this.#slowAfterMs && slow >= this.#maxSlow) return false;
    if (this.#free.length > 1) return true;
    return shortest < this.#slowAfterMs || expectedMs * SHORTER <= shortest;
  }

  /** Takes a free connection for a read expected to take `expectedMs` (call after {@link #may}). */
  #take(expectedMs: number): DuckDBConnection {
    const conn = this.#free.pop() as DuckDBConnection;
    this.#runs.set(conn, { expectedMs, since: performance.now() });
    return conn;
  }

  #release(conn: DuckDBConnection): void {
    this.#runs.delete(conn);
    this.#free.push(conn);
    this.#dispatch();
  }

  /**
   * Gives free connections to waiting reads in the order of {@link #before}; when
   * the last free connection is kept for a shorter read than those waiting, looks again in a moment
   * (running reads grow slower as they run, and the rule may then let a waiting read in).
   */
  #dispatch(): void {
    if (this.#closed) return;
    while (this.#free.length > 0 && this.#queue.length > 0) {
      const now = performance.now();
      let best: Waiter | undefined;
      for (const w of this.#queue) {
        if (this.#may(w.expectedMs, now) && (!best || before(w, best, now))) best = w;
      }
      if (!best) break;
      best.grant(this.#take(best.expectedMs));
    }
    if (this.#free.length > 0 && this.#queue.length > 0 && this.#recheck === undefined) {
      this.#recheck = setTimeout(() => {
        this.#recheck = undefined;
        this.#dispatch();
      }, RECHECK_MS);
    }
  }

  async #execute<T extends Row>(
    conn: DuckDBConnection,
    sql: string,
    params: readonly Param[],
    deadline: number,
    limitMs: number,
    signal?: AbortSignal,
  ): Promise<ReadResult<T>> {
    let stopped: StopReason | undefined;
    let again: ReturnType<typeof setInterval> | undefined;
    // DuckDB drops an interrupt that arrives before the statement runs (while it is prepared, say):
    // interrupt again until the statement has given up.
    const stop = (why: StopReason) => {
      stopped ??= why;
      conn.interrupt();
      again ??= setInterval(() => conn.interrupt(), INTERRUPT_AGAIN_MS);
    };
    const onAbort = () => stop("cancelled");
    if (signal?.aborted) throw cancelledError();
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => stop("timeout"), Math.max(0, deadline - performance.now()));
    this.#stops.set(conn, stop);
    const started = performance.now();
    try {
      const reader = await conn.runAndReadAll(sql, params as DuckDBValue[]);
      const rows = rowsOf<T>(reader);
      const ms = performance.now() - started;
      this.#recentMs = this.#recentMs * 0.8 + ms * 0.2;
      return { rows, ms };
    } catch (cause) {
      if (stopped === "timeout") {
        throw new WarehouseError(
          "timeout",
          `The statement ran past its time limit of ${seconds(limitMs)} and was stopped`,
          {
            cause,
          },
        );
      }
      if (stopped === "cancelled") throw cancelledError(cause);
      if (stopped === "closed") throw closedError(cause);
      throw new WarehouseError("query_failed", (cause as Error).message, { cause });
    } finally {
      clearTimeout(timer);
      clearInterval(again);
      this.#stops.delete(conn);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Seconds until a retry may find room: the reads ahead divided among the connections, at least 1. */
  #retryAfter(): number {
    const ahead = this.#queue.length + this.#all.length;
    return Math.max(1, Math.ceil((ahead * this.#recentMs) / this.#all.length / 1000));
  }
}

/**
 * True when waiting read `a` is served before `b` (the queue holds them in arrival order): one that
 * has waited {@link AGED_TIMES} its expected time and at least {@link AGED_MIN_MS} goes first, the
 * longest waiting first; then the shortest expected; then the first come.
 */
function before(a: Waiter, b: Waiter, now: number): boolean {
  const aged = (w: Waiter) => now - w.since >= Math.max(AGED_TIMES * w.expectedMs, AGED_MIN_MS);
  if (aged(a) !== aged(b)) return aged(a);
  if (aged(a)) return a.since < b.since;
  return a.expectedMs < b.expectedMs;
}

/** A waiting read goes first once it has waited this many times its expected time... */
const AGED_TIMES = 10;
/** ... and at least this many ms. */
const AGED_MIN_MS = 1000;

type StopReason = "timeout" | "cancelled" | "closed";

/** How often a stopped statement that still runs is interrupted again, in ms. */
const INTERRUPT_AGAIN_MS = 20;

/** Sentinel granted to waiters when the pool closes. */
const CLOSED = {} as DuckDBConnection;

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;
const closedError = (cause?: unknown) => new WarehouseError("closed", "The read pool is closed", { cause });
const cancelledError = (cause?: unknown) => new WarehouseError("cancelled", "The read was cancelled", { cause });
