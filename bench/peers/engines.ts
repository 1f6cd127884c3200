/**
 * The peer engines of bench/peers.ts: the canonical rows exported once from the Tallyline warehouse
 * (DuckDB COPY to Parquet and CSV in the bench's scratch folder), then loaded into a PostgreSQL 15
 * server that this file starts and stops (initdb + pg_ctl into the scratch folder, on a free port of
 * 127.0.0.1) and into ClickHouse in-process (chdb, MergeTree tables ordered by time).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { Warehouse } from "@tallyline/warehouse";

/** A table the peers read: its columns (those the peers' SQL uses, plus the id) and its time column. */
export interface PeerTable {
  readonly name: string;
  readonly columns: readonly string[];
  /** The column the reports' windows are on: ClickHouse orders by it, PostgreSQL indexes it. */
  readonly time?: string;
  /**
   * PostgreSQL's covering index on (time) INCLUDE these columns: the columns the reports over this
   * table group and filter by, so that a window is answered from the index alone.
   */
  readonly include?: readonly string[];
}

/** The tables and columns the peers load (bench/peers/sql.ts reads nothing else). */
export const PEER_TABLES: readonly PeerTable[] = [
  {
    name: "conversations",
    columns: [
      "conversation_id",
      "campaign_id",
      "contact_id",
      "started_at",
      "ended_at",
      "language",
      "intent",
      "start_flow",
      "closing_reason",
      "assigned",
      "served",
    ],
    time: "started_at",
    include: [
      "campaign_id",
      "contact_id",
      "ended_at",
      "language",
      "intent",
      "start_flow",
      "closing_reason",
      "assigned",
      "served",
    ],
  },
  {
    name: "messages",
    columns: ["message_id", "conversation_id", "contact_id", "sent_at", "sender", "conversation_assigned"],
    time: "sent_at",
    include: ["conversation_id", "contact_id", "sender", "conversation_assigned"],
  },
  {
    name: "assignments",
    columns: [
      "assignment_id",
      "conversation_id",
      "agent_id",
      "assigned_at",
      "accepted_at",
      "first_response_at",
      "closed_at",
      "missed",
    ],
    time: "assigned_at",
    include: ["agent_id", "accepted_at", "first_response_at", "closed_at", "missed"],
  },
  {
    name: "ratings",
    columns: ["rating_id", "conversation_id", "rated_at", "scale", "value"],
    time: "rated_at",
    include: ["scale", "value"],
  },
  {
    name: "agent_states",
    columns: ["state_id", "agent_id", "origin", "state", "time_start", "time_end"],
    time: "time_start",
    include: ["agent_id", "origin", "state", "time_end"],
  },
  {
    name: "calls",
    columns: [
      "call_id",
      "agent_id",
      "queue",
      "topic",
      "started_at",
      "wait_secs",
      "talk_secs",
      "handle_secs",
      "answered",
      "abandoned",
      "resolved",
      "csat",
    ],
    time: "started_at",
    include: [
      "agent_id",
      "queue",
      "topic",
      "wait_secs",
      "talk_secs",
      "handle_secs",
      "answered",
      "abandoned",
      "resolved",
      "csat",
    ],
  },
  {
    name: "call_check_results",
    columns: ["call_id", "check_id", "agent_id", "call_started_at", "passed", "score"],
    time: "call_started_at",
    include: ["call_id", "check_id", "agent_id", "passed", "score"],
  },
  { name: "agents", columns: ["agent_id", "username", "disabled"] },
  { name: "campaigns", columns: ["campaign_id", "name"] },
  { name: "quality_checks", columns: ["check_id", "name"] },
];

/** A column's DuckDB type name (DESCRIBE) and whether the schema allows NULL in it, by table and column. */
export type ColumnTypes = Map<string, Map<string, { readonly type: string; readonly nullable: boolean }>>;

/**
 * Writes every table of {@link PEER_TABLES} from `wh` to `<dir>/<table>.parquet` and `.csv` (with a
 * header, NULL as empty); returns the DuckDB type of each column. Readable by other users (the
 * PostgreSQL server reads the CSV files as its own user).
 */
export async function exportTables(wh: Warehouse, dir: string): Promise<ColumnTypes> {
  const types: ColumnTypes = new Map();
  for (const t of PEER_TABLES) {
    const cols = t.columns.map((c) => `"${c}"`).join(", ");
    const order = t.time ? ` ORDER BY "${t.time}"` : "";
    const base = join(dir, t.name);
    await wh.run(`COPY (SELECT ${cols} FROM "${t.name}"${order}) TO '${base}.parquet' (FORMAT parquet)`);
    await wh.run(`COPY (SELECT ${cols} FROM "${t.name}"${order}) TO '${base}.csv' (FORMAT csv, HEADER)`);
    chmodSync(`${base}.csv`, 0o644);
    const described = await wh.query(`DESCRIBE "${t.name}"`);
    types.set(
      t.name,
      new Map(
        described.map((r) => [String(r.column_name), { type: String(r.column_type), nullable: r.null !== "NO" }]),
      ),
    );
  }
  return types;
}

/** A DuckDB type in PostgreSQL (instants as timestamptz, as a PostgreSQL schema keeps them). */
function pgType(duck: string): string {
  if (duck === "VARCHAR") return "text";
  if (duck.startsWith("TIMESTAMP")) return "timestamptz";
  if (duck === "BOOLEAN") return "boolean";
  if (duck === "INTEGER" || duck === "SMALLINT" || duck === "TINYINT") return "integer";
  if (duck === "BIGINT" || duck === "HUGEINT") return "bigint";
  if (duck === "DOUBLE" || duck === "FLOAT") return "double precision";
  if (duck.startsWith("DECIMAL")) return "numeric";
  if (duck === "DATE") return "date";
  throw new Error(`peers: no PostgreSQL type for DuckDB type ${duck}`);
}

/** A DuckDB type in ClickHouse (instants as DateTime64(6, 'UTC')), nullable unless `notNull`. */
function chType(duck: string, notNull: boolean): string {
  let t: string;
  if (duck === "VARCHAR") t = "String";
  else if (duck.startsWith("TIMESTAMP")) t = "DateTime64(6, 'UTC')";
  else if (duck === "BOOLEAN") t = "Bool";
  else if (duck === "INTEGER" || duck === "SMALLINT" || duck === "TINYINT") t = "Int32";
  else if (duck === "BIGINT" || duck === "HUGEINT") t = "Int64";
  else if (duck === "DOUBLE" || duck === "FLOAT" || duck.startsWith("DECIMAL")) t = "Float64";
  else if (duck === "DATE") t = "Date32";
  else throw new Error(`peers: no ClickHouse type for DuckDB type ${duck}`);
  return notNull ? t : `Nullable(${t})`;
}

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** The folder of PostgreSQL's server programs (postgres, initdb, pg_ctl), or null when none is installed. */
export function findPostgres(): string | null {
  const dirs = [...(process.env.PATH ?? "").split(":"), "/usr/local/bin", "/usr/bin"];
  for (const dir of dirs) {
    if (dir && existsSync(join(dir, "pg_ctl")) && existsSync(join(dir, "initdb"))) return dir;
  }
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    for (const v of readdirSync(root).sort().reverse()) {
      const dir = join(root, v, "bin");
      if (existsSync(join(dir, "pg_ctl"))) return dir;
    }
  }
  return null;
}

/** A PostgreSQL server this process started: its port, version and how to stop it. */
export interface PgServer {
  readonly port: number;
  readonly user: string;
  readonly version: string;
  /** Stops the server (pg_ctl stop -m fast); safe to call twice. */
  stop(): void;
}

/**
 * Starts a PostgreSQL server with its data folder `<dir>/pgdata` on a free port of 127.0.0.1 (as
 * user `postgres` when this process is root: the server refuses to run as root), UTC, with the
 * memory settings a careful engineer gives a 2-core machine. Throws with pg_ctl's output when it
 * does not start.
 */
export async function startPostgres(bin: string, dir: string): Promise<PgServer> {
  const data = join(dir, "pgdata");
  mkdirSync(data);
  const root = process.getuid?.() === 0;
  let uid = 0;
  let gid = 0;
  if (root) {
    uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(data, uid, gid);
    chmodSync(dir, 0o755);
  }
  const run = (prog: string, args: string[]) =>
    execFileSync(root ? "runuser" : join(bin, prog), root ? ["-u", "postgres", "--", join(bin, prog), ...args] : args, {
      stdio: "pipe",
    });
  const user = root ? "postgres" : (process.env.USER ?? "postgres");
  run("initdb", ["-D", data, "-U", user, "--auth=trust", "-E", "UTF8", "--locale=C"]);
  const port = await freePort();
  const opts = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${data}`,
    "-c timezone=UTC",
    "-c shared_buffers=512MB",
    "-c work_mem=64MB",
    "-c maintenance_work_mem=512MB",
    "-c effective_cache_size=2GB",
    "-c max_parallel_workers_per_gather=2",
    "-c jit=off",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
  ].join(" ");
  run("pg_ctl", ["-D", data, "-o", opts, "-l", join(data, "server.log"), "-w", "start"]);
  let stopped = false;
  const version = execFileSync(join(bin, "postgres"), ["--version"]).toString().trim();
  return {
    port,
    user,
    version,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      } catch (e) {
        console.error(`peers: pg_ctl stop failed: ${e}`);
      }
    },
  };
}

/** Something that runs SQL text and returns rows. */
export type Exec = (sql: string) => Promise<Record<string, unknown>[]>;

/**
 * Creates the tables of {@link PEER_TABLES} in PostgreSQL, COPYs the CSV files of `dir` into them,
 * adds the covering indexes (on the time column, INCLUDE the columns the reports group and filter
 * by; the lookup tables get a primary key) and runs VACUUM ANALYZE. Returns the index definitions.
 */
export async function loadPostgres(exec: Exec, dir: string, types: ColumnTypes): Promise<string[]> {
  const indexes: string[] = [];
  for (const t of PEER_TABLES) {
    const ty = types.get(t.name);
    const col = (c: string) => {
      const x = ty?.get(c);
      if (!x) throw new Error(`peers: no column ${t.name}.${c} in the warehouse`);
      return `"${c}" ${pgType(x.type)}${x.nullable ? "" : " NOT NULL"}`;
    };
    await exec(`CREATE TABLE ${t.name} (${t.columns.map(col).join(", ")})`);
    await exec(`COPY ${t.name} FROM '${join(dir, `${t.name}.csv`)}' WITH (FORMAT csv, HEADER true)`);
  }
  for (const t of PEER_TABLES) {
    const ddl = t.time
      ? `CREATE INDEX ${t.name}_${t.time}_idx ON ${t.name} (${t.time}) INCLUDE (${(t.include ?? []).join(", ")})`
      : `ALTER TABLE ${t.name} ADD PRIMARY KEY (${t.columns[0]})`;
    await exec(ddl);
    indexes.push(ddl);
  }
  await exec("VACUUM ANALYZE");
  return indexes;
}

/**
 * Creates the tables of {@link PEER_TABLES} in ClickHouse as MergeTree tables ordered by their time
 * column (the lookup tables by their key) and inserts the Parquet files of `dir`. Returns the DDL.
 */
export async function loadClickhouse(exec: Exec, dir: string, types: ColumnTypes): Promise<string[]> {
  const ddls: string[] = [];
  for (const t of PEER_TABLES) {
    const ty = types.get(t.name);
    const order = t.time ?? t.columns[0];
    const col = (c: string) => {
      const x = ty?.get(c);
      if (!x) throw new Error(`peers: no column ${t.name}.${c} in the warehouse`);
      return `${c} ${chType(x.type, !x.nullable || c === order)}`;
    };
    const cols = t.columns.map(col).join(", ");
    const ddl = `CREATE TABLE ${t.name} (${cols}) ENGINE = MergeTree ORDER BY ${order}`;
    await exec(ddl);
    await exec(
      `INSERT INTO ${t.name} SELECT ${t.columns.join(", ")} FROM file('${join(dir, `${t.name}.parquet`)}', Parquet)`,
    );
    ddls.push(ddl);
  }
  // Merge each table's parts into one, as a table loaded once and left alone ends up.
  for (const t of PEER_TABLES) await exec(`OPTIMIZE TABLE ${t.name} FINAL`);
  return ddls;
}
