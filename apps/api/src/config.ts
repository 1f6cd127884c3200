import { resolve } from "node:path";
import { isValidTimeZone } from "@tallyline/warehouse/time";
import { z } from "zod";

/**
 * Server configuration, from the environment (validated at start-up):
 * - TALLYLINE_HOST (default 127.0.0.1), TALLYLINE_PORT (default 8787)
 * - TALLYLINE_DATA_DIR: folder holding the DuckDB file `tallyline.duckdb` (default ./data)
 * - TALLYLINE_TIMEZONE: IANA zone for reports whose query names none (default UTC)
 * - TALLYLINE_WEB_DIST: built dashboard to serve (default apps/web/dist)
 * - TALLYLINE_DEMO: 'auto' (default) loads demo data when the database has no calls; 'off' never
 * - TALLYLINE_READ_CONNECTIONS: DuckDB connections that run reports side by side (default 4, 1-64)
 * - TALLYLINE_QUERY_TIMEOUT_SECS: time limit of one report, queue wait included (default 30 s)
 * - TALLYLINE_QUERY_QUEUE: most reports waiting for a connection before 503 (default 64)
 * - TALLYLINE_CACHE_MB: memory of the report result cache in MiB (default 128; 0 caches nothing)
 */
export const Config = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  dataDir: z.string().min(1),
  timezone: z.string().refine(isValidTimeZone, "must be an IANA time zone such as Europe/Amsterdam"),
  webDist: z.string().min(1),
  demo: z.enum(["auto", "off"]),
  readConnections: z.coerce.number().int().min(1).max(64),
  queryTimeoutSecs: z.coerce.number().positive().max(86_400),
  queryQueue: z.coerce.number().int().min(0).max(100_000),
  cacheMb: z.coerce.number().min(0).max(1_000_000),
});
export type Config = z.infer<typeof Config>;

const repoRoot = resolve(import.meta.dirname, "../../..");

/** Reads the configuration; throws an Error listing every bad variable by name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = Config.safeParse({
    host: env.TALLYLINE_HOST ?? "127.0.0.1",
    port: env.TALLYLINE_PORT ?? "8787",
    dataDir: resolve(env.TALLYLINE_DATA_DIR ?? "data"),
    timezone: env.TALLYLINE_TIMEZONE ?? "UTC",
    webDist: resolve(env.TALLYLINE_WEB_DIST ?? resolve(repoRoot, "apps/web/dist")),
    demo: env.TALLYLINE_DEMO ?? "auto",
    readConnections: env.TALLYLINE_READ_CONNECTIONS ?? "4",
    queryTimeoutSecs: env.TALLYLINE_QUERY_TIMEOUT_SECS ?? "30",
    queryQueue: env.TALLYLINE_QUERY_QUEUE ?? "64",
    cacheMb: env.TALLYLINE_CACHE_MB ?? "128",
  });
  if (!r.success) {
    const names: Record<string, string> = {
      host: "TALLYLINE_HOST",
      port: "TALLYLINE_PORT",
      dataDir: "TALLYLINE_DATA_DIR",
      timezone: "TALLYLINE_TIMEZONE",
      webDist: "TALLYLINE_WEB_DIST",
      demo: "TALLYLINE_DEMO",
      readConnections: "TALLYLINE_READ_CONNECTIONS",
      queryTimeoutSecs: "TALLYLINE_QUERY_TIMEOUT_SECS",
      queryQueue: "TALLYLINE_QUERY_QUEUE",
      cacheMb: "TALLYLINE_CACHE_MB",
    };
    const lines = r.error.issues.map((i) => `  ${names[String(i.path[0])] ?? i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return r.data;
}

/** Path of the DuckDB file inside the data folder. */
export function databasePath(config: Pick<Config, "dataDir">): string {
  return resolve(config.dataDir, "tallyline.duckdb");
}
