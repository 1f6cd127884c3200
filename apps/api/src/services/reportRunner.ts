import { createHash } from "node:crypto";
import {
  Lru,
  type Plan,
  planReport,
  type ReportDefinition,
  type ReportResult,
  type SegmentFilters,
  shapeResult,
  stringBytes,
} from "@tallyline/report-defs";
import {
  type Param,
  ReadPool,
  type ReadPoolStats,
  type Row,
  type Warehouse,
  WarehouseError,
} from "@tallyline/warehouse";
import { daysBetween } from "@tallyline/warehouse/time";
import type { Services } from "../env";
import { ApiError } from "../errors";

/** A query function over the read pool, in the shape of Warehouse/Transaction `query`. */
export interface PoolReader {
  query<T extends Row = Row>(sql: string, params?: readonly Param[]): Promise<T[]>;
}

/** Options of {@link ReportRunner} (the server takes them from config.ts). */
export interface ReportRunnerOptions {
  /** Read connections of the pool (default 4); 1 runs every report after the one before. */
  readonly readConnections?: number;
  /** Time limit of one report's statement, in ms, from asking for a connection to the last row (default 30,000). */
  readonly queryTimeoutMs?: number;
  /** Most reports waiting for a connection before the next is refused with 503 (default 64). */
  readonly maxQueue?: number;
  /** Memory of the result cache in bytes, counted as 2 bytes a character of the JSON text (default 128 MiB). */
  readonly cacheBytes?: number;
  /**
   * A report is slow from this many ms, expected or run so far (the pool's `slowAfterMs`): when
   * slow reports hold every other connection, the last one is kept for a report expected to be
   * at most half as long as each of them. Default 25.
   */
  readonly slowQueryMs?: number;
  /**
   * Most slow reports (see `slowQueryMs`) running at once (the pool's `maxSlow`); default no limit.
   * The server sets it from TALLYLINE_SLOW_READS (default half the cores).
   */
  readonly maxSlowReads?: number;
}

/** What a report fetch needs beyond the definition and the raw query. */
export interface RunRequest {
  /** Current instant in ms (for "today"). */
  readonly now: number;
  /** Zone when the query names none. */
  readonly defaultTimezone: string;
  /**
   * The saved segment applied, or null (none yet: segments come later). Whoever adds them must
   * make this id change when the segment's filters change (e.g. `id@updatedAt`), or merge the
   * filters into the query, so that an edited segment never serves the old result.
   */
  readonly segmentId?: string | null;
  /**
   * The saved segment's filters, merged into the query by report-defs (`applySegment`; refused when
   * the report cannot take one). The plan's key then holds the merged filters, so an edited segment
   * is another key even with the same `segmentId`.
   */
  readonly segment?: SegmentFilters;
  /** The client's request signal (`c.req.raw.signal`): when it aborts, the report's statement stops. */
  readonly signal?: AbortSignal;
  /** The request's If-None-Match header: when it names the current ETag, no result is computed or sent. */
  readonly ifNoneMatch?: string;
}

/** The outcome of {@link ReportRunner.run}. */
export type ReportRun =
  | { readonly status: "not_modified"; readonly etag: string }
  | {
      readonly status: "ok";
      /** Strong ETag: a hash of the cache key, which holds the data version. */
      readonly etag: string;
      /** The result as JSON text (what is cached and sent). */
      readonly body: string;
      /** 'hit': from the cache; 'miss': computed for this request; 'joined': computed for an identical request in flight. */
      readonly cache: "hit" | "miss" | "joined";
      /** The result as an object (parsed from `body` on first use after a hit). */
      readonly result: ReportResult;
    };

/** Cache and pool figures of a {@link ReportRunner}, for tests and monitoring. */
export interface RunnerStats {
  readonly cacheEntries: number;
  /** Bytes the result cache holds (2 a character of JSON text, keys included). */
  readonly cacheBytes: number;
  /** Null until the first report opens the pool. */
  readonly pool: ReadPoolStats | null;
}

interface Computed {
  readonly body: string;
  readonly result: ReportResult;
}

interface Flight {
  readonly promise: Promise<Computed>;
  readonly controller: AbortController;
  waiters: number;
}

const DEFAULTS = {
  readConnections: 4,
  queryTimeoutMs: 30_000,
  maxQueue: 64,
  cacheBytes: 128 * 2 ** 20,
  slowQueryMs: 25,
  maxSlowReads: Number.POSITIVE_INFINITY,
} as const;

/**
 * Runs reports for every route that needs one (fetch, batch, drill-down): plans them
 * (report-defs' `planReport`), reads on the warehouse's read pool (packages/warehouse/src/pool.ts)
 * with a time limit and the client's cancellation, shapes the rows, and caches the JSON text.
 *
 * Cache: key = (report id and version, the normalised query over its resolved period (`Plan.key`),
 * segment id, the warehouse's data version). The data version moves after every committed write
 * of report data through the same Warehouse (an import, a delete), so an import invalidates every
 * cached result at once (the first report after it empties the cache), and a result read before
 * the import is never served after it. Bounded by memory (`cacheBytes`; an entry over an eighth of
 * it is not kept) and by count (100,000). Identical requests that arrive while one computes share
 * it; its statement is stopped only when every one of them has gone.
 *
 * Scheduling: each kind of report (see {@link costClass}) is expected to run as long as its
 * shortest run since the data last changed (a timed-out run counts as the time limit; a kind not
 * seen yet, 0). The pool serves the shortest expected reads first and keeps the last connection
 * from slow reads for much shorter ones (ReadOptions.expectedMs).
 *
 * Errors: ApiError 'busy' (503, with `retryAfterSecs`) when the pool's queue is full or no
 * connection came free in time; 'timeout' (504) when the statement ran past the time limit;
 * 'cancelled' when the client went away; ReportError from planning; anything else as thrown.
 */
export class ReportRunner {
  readonly #options: Required<ReportRunnerOptions>;
  readonly #cache: Lru<string>;
  readonly #inflight = new Map<string, Flight>();
  /** Per kind of report (see {@link costClass}), its shortest running time in ms since the data last changed. */
  readonly #costs = new Lru<number>(4096);
  #pool: Promise<ReadPool> | undefined;
  #openedPool: ReadPool | undefined;
  /** The data version the cached results belong to. */
  #version = "";
  /** Facts of the data computed once per data version (see {@link memo}). */
  readonly #memos = new Map<string, { readonly version: string; readonly value: Promise<unknown> }>();

  constructor(
    readonly warehouse: Warehouse,
    options: ReportRunnerOptions = {},
  ) {
    this.#options = { ...DEFAULTS, ...options };
    this.#cache = new Lru<string>({ maxEntries: 100_000, maxBytes: this.#options.cacheBytes, sizeOf: stringBytes });
  }

  /**
   * Runs report `def` for the untrusted query `rawQuery` (the request body, `{}` when empty): answers
   * 'not_modified' when `ifNoneMatch` names the current ETag (without running anything), else the
   * result from the cache or computed. Throws ReportError 'invalid_query' and the ApiErrors above.
   */
  async run(def: ReportDefinition, rawQuery: unknown, request: RunRequest): Promise<ReportRun> {
    const plan = planReport(def, rawQuery, {
      now: request.now,
      defaultTimezone: request.defaultTimezone,
      ...(request.segment ? { segment: request.segment } : {}),
    });
    const version = this.warehouse.dataVersion;
    if (version !== this.#version) {
      // Every cached result is of older data: free the memory now rather than as it ages out.
      this.#cache.clear();
      this.#costs.clear();
      this.#version = version;
    }
    const key = JSON.stringify([def.id, def.version, plan.key, request.segmentId ?? null, version]);
    const etag = `"${createHash("sha256").update(key).digest("base64url").slice(0, 32)}"`;
    if (request.ifNoneMatch !== undefined && etagMatches(request.ifNoneMatch, etag)) {
      return { status: "not_modified", etag };
    }
    const body = this.#cache.get(key);
    if (body !== undefined) return ok(etag, "hit", body);
    const { flight, joined } = this.#join(key, (signal) => this.#compute(def, plan, key, version, signal));
    try {
      const computed = await waitFor(flight, request.signal);
      return ok(etag, joined ? "joined" : "miss", computed.body, computed.result);
    } catch (e) {
      throw apiError(e);
    }
  }

  /**
   * Runs one read-only statement on the read pool, uncached, with the same time limit, cancellation
   * and queue as reports (for drill-down records and other reads of report data). `expectedMs`
   * (see ReadOptions.expectedMs) defaults to `slowQueryMs`: an unknown read is not taken for short.
   * Throws the ApiErrors of {@link run}.
   */
  async read<T extends Row = Row>(
    sql: string,
    params: readonly Param[],
    options: { signal?: AbortSignal; expectedMs?: number } = {},
  ): Promise<T[]> {
    try {
      const pool = await this.#openPool();
      const expectedMs = options.expectedMs ?? this.#options.slowQueryMs;
      return (await pool.query<T>(sql, params, { signal: options.signal, expectedMs })).rows;
    } catch (e) {
      throw apiError(e);
    }
  }

  /**
   * A small fact of the report data (the demo marker, the days the data spans), computed by
   * `compute` once per data version and name, and shared by every request until the next import
   * or delete moves the version; concurrent first requests share one computation. `compute` gets
   * a reader on the read pool ({@link read}), so the fact is never read behind an import's write.
   * A failed computation is not kept. Errors: those of `compute`.
   */
  memo<T>(name: string, compute: (q: PoolReader) => Promise<T>): Promise<T> {
    // The version is read before computing: a write committed meanwhile moves it, so a value that
    // may predate the write is filed under the older version and never served after the write.
    const version = this.warehouse.dataVersion;
    const held = this.#memos.get(name);
    if (held && held.version === version) return held.value as Promise<T>;
    const value = compute({ query: (sql, params = []) => this.read(sql, params) });
    const entry = { version, value };
    this.#memos.set(name, entry);
    value.catch(() => {
      if (this.#memos.get(name) === entry) this.#memos.delete(name);
    });
    return value;
  }

  /** Entries and bytes in the result cache, and what the pool is doing. */
  stats(): RunnerStats {
    return { cacheEntries: this.#cache.size, cacheBytes: this.#cache.bytes, pool: this.#openedPool?.stats() ?? null };
  }

  /** Closes the read pool (stopping its running statements) and empties the cache. */
  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    this.#openedPool = undefined;
    this.#cache.clear();
    if (pool) await (await pool.catch(() => undefined))?.close();
  }

  #openPool(): Promise<ReadPool> {
    if (!this.#pool) {
      const opening = ReadPool.open(this.warehouse, {
        size: this.#options.readConnections,
        timeoutMs: this.#options.queryTimeoutMs,
        maxQueue: this.#options.maxQueue,
        slowAfterMs: this.#options.slowQueryMs,
        maxSlow: this.#options.maxSlowReads,
      });
      this.#pool = opening;
      opening.then(
        (p) => {
          this.#openedPool = p;
        },
        () => {
          if (this.#pool === opening) this.#pool = undefined;
        },
      );
    }
    return this.#pool;
  }

  async #compute(def: ReportDefinition, plan: Plan, key: string, version: string, signal: AbortSignal) {
    const pool = await this.#openPool();
    const kind = costClass(def, plan);
    const expectedMs = this.#expectedMs(kind);
    const read = pool.query(plan.compiled.sql, plan.compiled.params, { signal, expectedMs });
    const { rows, ms } = await read.catch((e: unknown) => {
      if (e instanceof WarehouseError && e.code === "timeout") this.#recordCost(kind, this.#options.queryTimeoutMs);
      throw e;
    });
    this.#recordCost(kind, ms);
    const result = shapeResult(def, plan, rows);
    const body = JSON.stringify(result);
    // A write that committed meanwhile moved the version: nobody will ask for this key again.
    if (this.warehouse.dataVersion === version && stringBytes(body) <= this.#options.cacheBytes / 8) {
      this.#cache.set(key, body);
    }
    return { body, result };
  }

  /** The kind's shortest running time in ms (0 for a kind not seen yet). */
  #expectedMs(kind: string): number {
    return this.#costs.get(kind) ?? 0;
  }

  /**
   * Records a running time of the kind. The shortest one is kept: it is close to the time the
   * report takes alone, which keeps the ratios between kinds when the machine is busy (a 5 ms
   * report slows down more, relatively, than a 500 ms one under the same load).
   */
  #recordCost(kind: string, ms: number): void {
    this.#costs.set(kind, Math.min(ms, this.#costs.get(kind) ?? Number.POSITIVE_INFINITY));
  }

  /** The flight computing `key`, started with `start` unless one is already in the air. */
  #join(key: string, start: (signal: AbortSignal) => Promise<Computed>): { flight: Flight; joined: boolean } {
    const existing = this.#inflight.get(key);
    if (existing) return { flight: existing, joined: true };
    const controller = new AbortController();
    const flight: Flight = { promise: start(controller.signal), controller, waiters: 0 };
    this.#inflight.set(key, flight);
    const forget = () => {
      if (this.#inflight.get(key) === flight) this.#inflight.delete(key);
    };
    flight.promise.then(forget, forget);
    controller.signal.addEventListener("abort", forget, { once: true });
    return { flight, joined: false };
  }
}

/**
 * The runner of `services`: the one the server configured, else one with default options per
 * warehouse (made on first use; its pool closes with the warehouse), so that every route and test
 * app can run reports the same way.
 */
export function reportRunner(services: Services): ReportRunner {
  if (services.reports) return services.reports;
  let runner = defaultRunners.get(services.warehouse);
  if (!runner) {
    runner = new ReportRunner(services.warehouse);
    defaultRunners.set(services.warehouse, runner);
  }
  return runner;
}
const defaultRunners = new WeakMap<Warehouse, ReportRunner>();

/**
 * The kind of a planned report for cost prediction: report, summary or fact, grain, window length
 * (in powers of two days), comparison, filtered or not. Reports of one kind take about as long.
 */
export function costClass(def: ReportDefinition, plan: Plan): string {
  const days = daysBetween(plan.period.from, plan.period.to) + 1;
  return [
    def.id,
    plan.summary ? "summary" : "fact",
    plan.period.grain,
    Math.ceil(Math.log2(days)),
    plan.period.previousFrom === null ? "" : "compare",
    Object.keys(plan.query.filters).length > 0 ? "filtered" : "",
  ].join("|");
}

/**
 * True when an If-None-Match header value names `etag`: `*`, or a comma-separated list of entity
 * tags compared weakly (a `W/` prefix is ignored), as RFC 9110 section 13.1.2 says.
 */
export function etagMatches(header: string, etag: string): boolean {
  const value = header.trim();
  if (value === "*") return true;
  return value.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

function ok(etag: string, cache: "hit" | "miss" | "joined", body: string, result?: ReportResult): ReportRun {
  let parsed = result;
  return {
    status: "ok",
    etag,
    body,
    cache,
    get result() {
      parsed ??= JSON.parse(body) as ReportResult;
      return parsed;
    },
  };
}

/** Waits for `flight` on behalf of one request; when `signal` aborts first, leaves it (stopping it if nobody else waits). */
function waitFor(flight: Flight, signal?: AbortSignal): Promise<Computed> {
  return new Promise((resolve, reject) => {
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      signal?.removeEventListener("abort", onAbort);
      flight.waiters--;
    };
    const onAbort = () => {
      leave();
      if (flight.waiters === 0) flight.controller.abort();
      reject(new WarehouseError("cancelled", "The client closed the request"));
    };
    flight.waiters++;
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    flight.promise.then(
      (v) => {
        if (left) return;
        leave();
        resolve(v);
      },
      (e: unknown) => {
        if (left) return;
        leave();
        reject(e);
      },
    );
  });
}

/** The API's error for a pool failure; anything else unchanged. */
function apiError(e: unknown): unknown {
  if (!(e instanceof WarehouseError)) return e;
  switch (e.code) {
    case "busy":
      return new ApiError("busy", "The server is busy with other reports; try again shortly", undefined, {
        cause: e,
        retryAfterSecs: e.retryAfterSecs ?? 1,
      });
    case "closed":
      return new ApiError("busy", "The server is shutting down; try again shortly", undefined, {
        cause: e,
        retryAfterSecs: 5,
      });
    case "timeout":
      return new ApiError(
        "timeout",
        `The report took too long and was stopped (${e.message}); ask for a shorter period or fewer filters`,
        undefined,
        {
          cause: e,
        },
      );
    case "cancelled":
      return new ApiError("cancelled", "The client closed the request", undefined, { cause: e });
    default:
      return e;
  }
}
