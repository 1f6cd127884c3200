import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { canonicalTimeZone, isValidTimeZone } from "@tallyline/warehouse/time";
import { z } from "zod";
import { ACCESS_VARIABLES, AccessConfig, accessFromEnv } from "./auth/config";
import { DEFAULT_VIEWS_PER_MINUTE } from "./links/defaults";

/**
 * Server configuration, from the environment (validated at start-up):
 * - TALLYLINE_HOST (default 127.0.0.1), TALLYLINE_PORT (default 8787)
 * - TALLYLINE_DATA_DIR: folder holding the DuckDB file `tallyline.duckdb` (default ./data)
 * - TALLYLINE_TIMEZONE: IANA zone for reports whose query names none (default UTC)
 * - TALLYLINE_WEB_DIST: built dashboard to serve (default apps/web/dist)
 * - TALLYLINE_UPLOAD_LIMIT_MB: largest file `POST /api/v1/imports` takes, in MiB (default 1024)
 * - TALLYLINE_DEMO: 'auto' (default) loads demo data when no written table has a row; 'off' never
 * and, from the command line only, `db`: the DuckDB file, instead of `tallyline.duckdb` in dataDir.
 * Access (docs/api.md "Access"):
 * - TALLYLINE_PUBLIC_URL: the URL people open (e.g. https://reports.example.com); its host is allowed,
 *   and https there makes cookies Secure. Optional.
 * - TALLYLINE_ALLOWED_HOSTS: more host names (comma-separated, `host` or `host:port`) the server answers to
 * - TALLYLINE_TRUST_PROXY: 1 when a reverse proxy in front sets X-Forwarded-For/-Host/-Proto (default 0)
 * - TALLYLINE_SESSION_IDLE_HOURS (default 12), TALLYLINE_SESSION_MAX_DAYS (default 7): session expiry
 * - TALLYLINE_BODY_LIMIT_BYTES: largest request body (default 1048576)
 * - TALLYLINE_SIGNIN_LIMIT_ACCOUNT (default 5), TALLYLINE_SIGNIN_LIMIT_ADDRESS (default 20): failed
 *   sign-ins per window per account and per client address; TALLYLINE_KEY_FAILURE_LIMIT (default 20):
 *   refused API keys per window per address; TALLYLINE_RATE_WINDOW_SECS: the window (default 900)
 * - TALLYLINE_READ_CONNECTIONS: DuckDB connections that run reports side by side (default 4, 1-64)
 * - TALLYLINE_SLOW_READS: most slow reports (25 ms or more) running at once (default: half the
 *   cores, at least 1); shorter reports still take the free connections
 * - TALLYLINE_QUERY_TIMEOUT_SECS: time limit of one report, queue wait included (default 30 s)
 * - TALLYLINE_QUERY_QUEUE: most reports waiting for a connection before 503 (default 64)
 * - TALLYLINE_CACHE_MB: memory of the report result cache in MiB (default 128; 0 caches nothing)
 * - TALLYLINE_PUBLIC_VIEW_LIMIT: successful views of public links per client address per minute
 *   (default 600), then 429 until the minute ends (docs/public-links.md "Rate limits")
 * Scheduled mail (schedules/scheduler.ts):
 * - TALLYLINE_SMTP_URL: SMTP server (`smtp://user:pass@host:587`, `smtps://...`); unset: no mail is sent
 * - TALLYLINE_MAIL_FROM: the From address (default `Tallyline <reports@localhost>`)
 * - TALLYLINE_MAIL_CATCHUP_HOURS: runs missed longer ago than this are skipped, not sent (default 168)
 */
export const Config = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  dataDir: z.string().min(1),
  /** Read in any case; the canonical name from here on ('europe/amsterdam' -> 'Europe/Amsterdam'). */
  timezone: z
    .string()
    .refine(isValidTimeZone, "must be an IANA time zone such as Europe/Amsterdam")
    .transform((tz) => canonicalTimeZone(tz) as string),
  webDist: z.string().min(1),
  demo: z.enum(["auto", "off"]),
  uploadLimitMb: z.coerce.number().int().min(1).max(1_048_576),
  db: z.string().min(1).optional(),
  ...AccessConfig.shape,
  readConnections: z.coerce.number().int().min(1).max(64),
  slowReads: z.coerce.number().int().min(1).max(64),
  queryTimeoutSecs: z.coerce.number().positive().max(86_400),
  queryQueue: z.coerce.number().int().min(0).max(100_000),
  cacheMb: z.coerce.number().min(0).max(1_000_000),
  publicViewLimit: z.coerce.number().int().min(1).max(1_000_000_000),
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, "must be an smtp:// or smtps:// URL")
    .optional(),
  mailFrom: z.string().min(3).max(300),
  mailCatchUpHours: z.coerce
    .number()
    .positive()
    .max(24 * 366),
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
    uploadLimitMb: env.TALLYLINE_UPLOAD_LIMIT_MB ?? "1024",
    ...accessFromEnv(env),
    readConnections: env.TALLYLINE_READ_CONNECTIONS ?? "4",
    slowReads: env.TALLYLINE_SLOW_READS ?? String(Math.max(1, Math.floor(availableParallelism() / 2))),
    queryTimeoutSecs: env.TALLYLINE_QUERY_TIMEOUT_SECS ?? "30",
    queryQueue: env.TALLYLINE_QUERY_QUEUE ?? "64",
    cacheMb: env.TALLYLINE_CACHE_MB ?? "128",
    publicViewLimit: env.TALLYLINE_PUBLIC_VIEW_LIMIT ?? String(DEFAULT_VIEWS_PER_MINUTE),
    smtpUrl: env.TALLYLINE_SMTP_URL || undefined,
    mailFrom: env.TALLYLINE_MAIL_FROM ?? "Tallyline <reports@localhost>",
    mailCatchUpHours: env.TALLYLINE_MAIL_CATCHUP_HOURS ?? "168",
  });
  if (!r.success) {
    const names: Record<string, string> = {
      host: "TALLYLINE_HOST",
      port: "TALLYLINE_PORT",
      dataDir: "TALLYLINE_DATA_DIR",
      timezone: "TALLYLINE_TIMEZONE",
      webDist: "TALLYLINE_WEB_DIST",
      demo: "TALLYLINE_DEMO",
      uploadLimitMb: "TALLYLINE_UPLOAD_LIMIT_MB",
      ...ACCESS_VARIABLES,
      readConnections: "TALLYLINE_READ_CONNECTIONS",
      slowReads: "TALLYLINE_SLOW_READS",
      queryTimeoutSecs: "TALLYLINE_QUERY_TIMEOUT_SECS",
      queryQueue: "TALLYLINE_QUERY_QUEUE",
      cacheMb: "TALLYLINE_CACHE_MB",
      publicViewLimit: "TALLYLINE_PUBLIC_VIEW_LIMIT",
      smtpUrl: "TALLYLINE_SMTP_URL",
      mailFrom: "TALLYLINE_MAIL_FROM",
      mailCatchUpHours: "TALLYLINE_MAIL_CATCHUP_HOURS",
    };
    const lines = r.error.issues.map((i) => `  ${names[String(i.path[0])] ?? i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return r.data;
}

/** Path of the DuckDB file: `config.db` (made absolute) when set, else `tallyline.duckdb` in the data folder. */
export function databasePath(config: Pick<Config, "dataDir" | "db">): string {
  return config.db ? resolve(config.db) : resolve(config.dataDir, "tallyline.duckdb");
}

/** How `serve`, `ingest` and `demo` name the database they use: one line, the same words. */
export function databaseLine(path: string): string {
  return `Database: ${path}`;
}
