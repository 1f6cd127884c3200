import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";
import { changesData } from "./dataVersion";
import { WarehouseError } from "./errors";
import { migrations as canonicalMigrations, type Migration } from "./migrations";
import { type Row, rowsOf } from "./values";

/** A bound parameter value. Timestamps are passed as 'YYYY-MM-DD HH:MM:SS' strings and cast in SQL. */
export type Param = string | number | boolean | null | bigint;

/** Options of {@link Warehouse.open}. */
export interface OpenOptions {
  /** Run pending migrations on open (default true). */
  migrate?: boolean;
  /** Migrations to apply; defaults to the canonical ones. */
  migrations?: readonly Migration[];
}

/**
 * The one owner of a DuckDB database file (DESIGN.md: one server process owns the file).
 *
 * The session time zone is pinned to UTC: stored instants are UTC `TIMESTAMP`s and every local-time
 * computation is done explicitly by the report compiler. Calls are serialised on one connection, so
 * a transaction opened by {@link transaction} sees no interleaved statement from another caller.
 * Read pools (pool.ts) run reads on more connections of the same instance: see {@link attach}.
 */
export class Warehouse {
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** Random per open: data versions of two opens of the file never compare equal. */
  readonly #epoch = randomBytes(6).toString("hex");
  #writes = 0;
  /** Set by a statement of the exclusive operation now running that may have changed report data. */
  #dirty = false;
  readonly #attached = new Set<AttachedOwner>();

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  /**
   * Opens (creating it and its folder if needed) the database at `path` (':memory:' for an in-memory one) and applies
   * pending migrations. Throws {@link WarehouseError} 'open_failed' (file locked by another process,
   * unreadable, not a DuckDB file) or 'migration_failed'.
   */
  static async open(path: string, options: OpenOptions = {}): Promise<Warehouse> {
    let instance: DuckDBInstance;
    let conn: DuckDBConnection;
    try {
      if (path !== ":memory:") await mkdir(dirname(resolve(path)), { recursive: true });
      instance = await DuckDBInstance.create(path, { autoinstall_known_extensions: "false" });
      conn = await instance.connect();
      await conn.run("SET TimeZone = 'UTC'");
    } catch (cause) {
      throw new WarehouseError("open_failed", `Cannot open database ${path}: ${(cause as Error).message}`, { cause });
    }
    const wh = new Warehouse(path, instance, conn);
    if (options.migrate !== false) await wh.migrate(options.migrations ?? canonicalMigrations);
    return wh;
  }

  /**
   * The version of the data reports read, `<epoch>.<writes>`: it moves after every committed write
   * through this warehouse that may change report data (an import, a delete, a migration; see
   * `changesData` in dataVersion.ts for the rule), and differs between two opens of the same file
   * (a file changed by another process while closed, or a new build, never matches an old version).
   * It moves only AFTER the commit, so whoever reads the version and then the data never pairs a new
   * version with old data (a cache keyed by it never serves numbers from before a write after the
   * write has returned). Reads on pool connections do not move it.
   */
  get dataVersion(): string {
    return `${this.#epoch}.${this.#writes}`;
  }

  /**
   * Opens `count` more connections to this database instance for `owner` (a read pool), each with
   * its session pinned to UTC like the write connection. The owner closes them; {@link close} calls
   * `owner.close()` first if it is still attached. What those connections see: each statement reads
   * the last committed state as of its start (DuckDB's MVCC), never a transaction in progress.
   * Throws 'closed' or 'open_failed'.
   */
  async attach(owner: AttachedOwner, count: number): Promise<DuckDBConnection[]> {
    if (this.#closed) throw new WarehouseError("closed", `Database ${this.path} is closed`);
    const conns: DuckDBConnection[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const conn = await this.instance.connect();
        conns.push(conn);
        await conn.run("SET TimeZone = 'UTC'");
      }
    } catch (cause) {
      for (const conn of conns) conn.closeSync();
      throw new WarehouseError("open_failed", `Cannot open a read connection: ${(cause as Error).message}`, { cause });
    }
    this.#attached.add(owner);
    return conns;
  }

  /** Forgets an owner that has closed its connections (see {@link attach}). */
  detach(owner: AttachedOwner): void {
    this.#attached.delete(owner);
  }

  /** Applies every migration whose version is above the recorded one, each in its own transaction. */
  async migrate(list: readonly Migration[]): Promise<number[]> {
    return this.#exclusive(async () => {
      this.#dirty = true;
      await this.conn.run(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)",
      );
      const r = await this.conn.runAndReadAll("SELECT coalesce(max(version), 0) AS v FROM schema_migrations");
      const current = Number(r.getRowObjectsJS()[0]?.v ?? 0);
      const applied: number[] = [];
      for (const m of [...list].sort((a, b) => a.version - b.version)) {
        if (m.version <= current) continue;
        try {
          await this.conn.run("BEGIN TRANSACTION");
          if (m.sql) await this.conn.run(m.sql);
          if (m.derive) {
            const read = async (sql: string) => (await this.conn.runAndReadAll(sql)).getRowObjectsJS();
            await this.conn.run(await m.derive(read));
          }
          await this.conn.run("INSERT INTO schema_migrations VALUES ($1, $2, now()::TIMESTAMP)", [m.version, m.name]);
          await this.conn.run("COMMIT");
          applied.push(m.version);
        } catch (cause) {
          await this.conn.run("ROLLBACK").catch((rollbackError: unknown) => {
            throw new WarehouseError("migration_failed", `Rollback of migration ${m.version} failed`, {
              cause: rollbackError,
            });
          });
          throw new WarehouseError(
            "migration_failed",
            `Migration ${m.version} (${m.name}) failed: ${(cause as Error).message}`,
            {
              cause,
            },
          );
        }
      }
      return applied;
    });
  }

  /**
   * Runs one statement with positional parameters (`$1`, `$2`, ...) and returns all rows as
   * JSON-safe objects (see `toCell`). Throws {@link WarehouseError} 'query_failed'.
   */
  async query<T extends Row = Row>(sql: string, params: readonly Param[] = []): Promise<T[]> {
    return this.#exclusive(() => this.#query<T>(this.conn, sql, params));
  }

  /** Runs statements without reading results (DDL, INSERT). Throws 'query_failed'. */
  async run(sql: string, params: readonly Param[] = []): Promise<void> {
    await this.#exclusive(() => this.#run(this.conn, sql, params));
  }

  /**
   * Runs `fn` inside one transaction: COMMIT when it resolves, ROLLBACK when it throws (the error is
   * rethrown unchanged). No other statement of this warehouse runs in between.
   */
  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.#exclusive(async () => {
      await this.#run(this.conn, "BEGIN TRANSACTION", []);
      const handOut = () => {
        // An appender writes without SQL text: count it as a change of data.
        this.#dirty = true;
        return this.conn;
      };
      const tx: Transaction = {
        query: (sql, params = []) => this.#query(this.conn, sql, params),
        run: (sql, params = []) => this.#run(this.conn, sql, params),
        get connection() {
          return handOut();
        },
      };
      try {
        const out = await fn(tx);
        await this.#run(this.conn, "COMMIT", []);
        return out;
      } catch (error) {
        try {
          await this.conn.run("ROLLBACK");
        } catch (cause) {
          throw new WarehouseError("query_failed", `ROLLBACK failed after: ${(error as Error).message}`, { cause });
        }
        throw error;
      }
    });
  }

  /**
   * How far the statement now running has got, as DuckDB estimates it: percent 0-100, or null when
   * nothing runs or DuckDB cannot tell. DuckDB tracks it only while `SET enable_progress_bar = true`
   * (with `enable_progress_bar_print = false` it prints nothing). Safe to call while a statement runs.
   */
  statementProgress(): number | null {
    if (this.#closed) return null;
    const p = this.conn.progress.percentage;
    return Number.isFinite(p) && p >= 0 ? Math.min(100, p) : null;
  }

  /** Writes a CHECKPOINT, then closes the connection and the instance. Further calls throw 'closed'. */
  async close(): Promise<void> {
    if (this.#closed) return;
    for (const owner of [...this.#attached]) await owner.close();
    await this.#exclusive(async () => {
      await this.conn.run("CHECKPOINT").catch(() => undefined);
      this.#closed = true;
      this.conn.closeSync();
      this.instance.closeSync();
    });
  }

  async #query<T extends Row>(conn: DuckDBConnection, sql: string, params: readonly Param[]): Promise<T[]> {
    try {
      const started = performance.now();
      const reader = await conn.runAndReadAll(sql, params as DuckDBValue[]);
      traceStatement(sql, started);
      if (changesData(sql, reader.statementType)) this.#dirty = true;
      return rowsOf<T>(reader);
    } catch (cause) {
      throw new WarehouseError("query_failed", (cause as Error).message, { cause });
    }
  }

  async #run(conn: DuckDBConnection, sql: string, params: readonly Param[]): Promise<void> {
    try {
      const started = performance.now();
      const result = await conn.run(sql, params.length ? (params as DuckDBValue[]) : undefined);
      traceStatement(sql, started);
      if (changesData(sql, result.statementType)) this.#dirty = true;
    } catch (cause) {
      throw new WarehouseError("query_failed", (cause as Error).message, { cause });
    }
  }

  /**
   * Runs `fn` alone on the write connection; when any of its statements may have changed report data
   * (`#dirty`), moves the data version once `fn` has settled, i.e. after its COMMIT (or ROLLBACK:
   * a needless move only costs cache misses).
   */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new WarehouseError("closed", `Database ${this.path} is closed`));
    const run = async () => {
      this.#dirty = false;
      try {
        return await fn();
      } finally {
        if (this.#dirty) this.#writes++;
        this.#dirty = false;
      }
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

/** What {@link Warehouse.attach} needs of an owner of extra connections: a close that closes them. */
export interface AttachedOwner {
  close(): Promise<void>;
}

/** Statements inside a {@link Warehouse.transaction}. `connection` is for appenders only. */
export interface Transaction {
  query<T extends Row = Row>(sql: string, params?: readonly Param[]): Promise<T[]>;
  run(sql: string, params?: readonly Param[]): Promise<void>;
  readonly connection: DuckDBConnection;
}

/**
 * With the environment variable TALLYLINE_TRACE_SQL=1, writes each statement's wall-clock
 * milliseconds and its first 100 characters to stderr (to see where an import or a report spends
 * its time).
 */
function traceStatement(sql: string, started: number): void {
  if (process.env.TALLYLINE_TRACE_SQL !== "1") return;
  const ms = (performance.now() - started).toFixed(1).padStart(9);
  process.stderr.write(`[sql] ${ms} ms  ${sql.replace(/\s+/g, " ").slice(0, 100)}\n`);
}
