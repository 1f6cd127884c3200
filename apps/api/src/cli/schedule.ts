/**
 * `tallyline schedule` (issue 15):
 *   schedule list [--db FILE] [--json]      every schedule: id, name, frequency, zone, recipients, next run
 *   schedule run-now <id> [--db FILE]       sends the schedule's mail now, for the period a run now would
 *                                           report on, through TALLYLINE_SMTP_URL; recorded in its run history
 * The server owns the database file while it runs: stop it first, or use another file with --db.
 * Exit status 1 for an unknown schedule, a failed send (the server's answer is printed) or no SMTP URL.
 */
import { defaultRegistry } from "@tallyline/report-defs";
import type { Warehouse } from "@tallyline/warehouse";
import type { Command } from "commander";
import { ApiError } from "../errors";
import { Schedules } from "../schedules/schedules";

/** The environment run-now reads: SMTP URL, From, and the origin its links point to. */
export interface ScheduleEnv {
  readonly TALLYLINE_SMTP_URL?: string | undefined;
  readonly TALLYLINE_MAIL_FROM?: string | undefined;
  readonly TALLYLINE_PUBLIC_URL?: string | undefined;
  readonly TALLYLINE_TIMEZONE?: string | undefined;
}

export function registerSchedule(
  program: Command,
  open: (db: string | undefined) => Promise<Warehouse>,
  env: ScheduleEnv = process.env,
): void {
  const cmd = program.command("schedule").description("Scheduled report e-mails: list, run-now (issue 15)");
  const withDb = async (db: string | undefined, fn: (wh: Warehouse) => Promise<void>) => {
    const wh = await open(db);
    try {
      await fn(wh);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      console.error(`tallyline: ${e.message}`);
      process.exitCode = 1;
    } finally {
      await wh.close();
    }
  };

  cmd
    .command("list")
    .description("every schedule with its next run and the days it will report on")
    .option("--db <file>", "DuckDB file (default $TALLYLINE_DATA_DIR/tallyline.duckdb)")
    .option("--json", "machine-readable output")
    .action((opts: { db?: string; json?: boolean }) =>
      withDb(opts.db, async (wh) => {
        const list = await new Schedules(wh, Date.now).list(null);
        if (opts.json) {
          console.log(JSON.stringify({ items: list }, null, 2));
          return;
        }
        if (list.length === 0)
          console.log("No schedules. Create one on the Schedules page or with POST /api/v1/schedules.");
        for (const s of list) {
          const when =
            s.frequency === "weekly" || s.frequency === "biweekly"
              ? ` weekday ${s.weekday}`
              : s.monthDay !== null
                ? ` day ${s.monthDay}`
                : "";
          const next = s.nextRun ? `next ${s.nextRun.dueAt} for ${s.nextRun.from} to ${s.nextRun.to}` : "paused";
          console.log(
            `${s.id}  ${s.name}  ${s.frequency}${when} at ${s.sendTime} ${s.timezone}  ${s.recipients.length} recipient(s)  ${next}`,
          );
        }
      }),
    );

  cmd
    .command("run-now")
    .description("send a schedule's mail now (needs TALLYLINE_SMTP_URL)")
    .argument("<id>", "schedule id (see 'schedule list')")
    .option("--db <file>", "DuckDB file (default $TALLYLINE_DATA_DIR/tallyline.duckdb)")
    .action((id: string, opts: { db?: string }) =>
      withDb(opts.db, async (wh) => {
        if (!env.TALLYLINE_SMTP_URL) {
          console.error("tallyline: set TALLYLINE_SMTP_URL (smtp://host:port) to send mail");
          process.exitCode = 1;
          return;
        }
        // Loaded here, not at start-up: the mailer and the chart renderer would slow every other command.
        const [{ Scheduler }, { ReportRunner }, { narrativeSummaries }] = await Promise.all([
          import("../schedules/scheduler"),
          import("../services/reportRunner"),
          import("../schedules/summary"),
        ]);
        const registry = defaultRegistry();
        const baseUrl = env.TALLYLINE_PUBLIC_URL || "http://127.0.0.1:8787";
        // No printer here (the server prints): a schedule's PDF is left out, and the run says so.
        const scheduler = new Scheduler(
          {
            warehouse: wh,
            registry,
            reports: new ReportRunner(wh),
            now: Date.now,
            summary: narrativeSummaries(
              { warehouse: wh, registry, now: Date.now, defaultTimezone: env.TALLYLINE_TIMEZONE || "UTC" },
              baseUrl,
            ),
          },
          {
            smtpUrl: env.TALLYLINE_SMTP_URL,
            ...(env.TALLYLINE_MAIL_FROM ? { from: env.TALLYLINE_MAIL_FROM } : {}),
            baseUrl,
          },
        );
        try {
          const r = await scheduler.runNow(id);
          console.log(
            `${r.status}: ${r.period.from} to ${r.period.to}, ${r.attempts} attempt(s)${r.answer ? `\n${r.answer}` : ""}${r.warnings.map((w) => `\nwarning: ${w}`).join("")}`,
          );
          if (r.status === "failed") process.exitCode = 1;
        } finally {
          await scheduler.stop();
        }
      }),
    );
}
