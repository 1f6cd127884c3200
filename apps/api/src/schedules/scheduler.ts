/**
 * The scheduler and mailer of scheduled report e-mails (issue 15), run inside the server process
 * (the one owner of the DuckDB file). Its clock is injected (`now`), so tests move time by hand.
 *
 * Each `tick()`:
 * 1. for every enabled schedule, lists the runs due after the schedule's last scheduled run (or its
 *    creation) up to now (periods.ts);
 * 2. claims each with one conditional insert keyed by (schedule, period): `INSERT ... ON CONFLICT DO
 *    NOTHING RETURNING`. Only the caller whose insert returned a row sends, so two schedulers racing,
 *    or a restart that ticks again, send a period once;
 * 3. a run due more than `catchUpMs` ago is recorded as 'skipped' and not sent; a run sent more than
 *    `lateAfterMs` after its due time is 'late' and its mail says so (catch-up after downtime: each
 *    missed run once, oldest first);
 * 4. sends one message per recipient not unsubscribed, through nodemailer over SMTP, retrying a
 *    temporary failure (4xx answer, connection error) with exponential backoff and jitter up to
 *    `maxAttempts`; a permanent refusal (5xx) is not retried. Every attempt is counted and the
 *    server's last answer kept in the run.
 *
 * A run left 'sending' by a process that stopped mid-send is marked 'failed' at the next start and
 * not resent: at most once, since part of it may have gone out.
 */
import { randomUUID } from "node:crypto";
import type { Registry } from "@tallyline/report-defs";
import type { Warehouse } from "@tallyline/warehouse";
import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import { ts } from "../auth/store";
import type { ReportRunner } from "../services/reportRunner";
import { buildMail, UNSUBSCRIBE_MARK } from "./mail";
import { dueBetween, type Period, periodNow } from "./periods";
import { Schedules, type StoredSchedule } from "./schedules";
import { unsubscribed, unsubscribeToken } from "./unsubscribe";

/** Options of a {@link Scheduler}. */
export interface SchedulerOptions {
  /** SMTP server, `smtp://user:pass@host:port` or `smtps://...` (TALLYLINE_SMTP_URL). */
  readonly smtpUrl: string;
  /** The From address (TALLYLINE_MAIL_FROM); default `Tallyline <reports@localhost>`. */
  readonly from?: string;
  /** The origin people open (TALLYLINE_PUBLIC_URL or the listening address), for links in the mail. */
  readonly baseUrl: string;
  /** Runs due longer ago than this are skipped, in ms (default 7 days; TALLYLINE_MAIL_CATCHUP_HOURS). */
  readonly catchUpMs?: number;
  /** A run sent this long after its due time says it is late, in ms (default 10 minutes). */
  readonly lateAfterMs?: number;
  /** SMTP attempts per message (default 4). */
  readonly maxAttempts?: number;
  /** First retry delay in ms, doubled each retry, plus up to 50% jitter (default 2,000). */
  readonly backoffMs?: number;
  /** How the scheduler waits between attempts (tests pass a fast one). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Where errors of a tick go (default console.error). */
  readonly log?: (message: string, error?: unknown) => void;
}

/** What the scheduler needs of the app. */
export interface SchedulerServices {
  readonly warehouse: Warehouse;
  readonly registry: Registry;
  readonly reports: ReportRunner;
  /** Current instant in ms (injected: tests move it). */
  readonly now: () => number;
}

/** The outcome of one run. */
export interface RunOutcome {
  readonly runId: string;
  readonly scheduleId: string;
  readonly period: Period;
  readonly status: "sent" | "failed" | "skipped";
  readonly late: boolean;
  readonly attempts: number;
  readonly answer: string | null;
}

const DAY = 86_400_000;

/** Sends scheduled mail; see the module comment. */
export class Scheduler {
  readonly #services: SchedulerServices;
  readonly #options: Required<Omit<SchedulerOptions, "log" | "sleep">> & Pick<SchedulerOptions, "log" | "sleep">;
  readonly #transport: Transporter;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> = Promise.resolve();

  constructor(services: SchedulerServices, options: SchedulerOptions) {
    this.#services = services;
    this.#options = {
      from: "Tallyline <reports@localhost>",
      catchUpMs: 7 * DAY,
      lateAfterMs: 10 * 60_000,
      maxAttempts: 4,
      backoffMs: 2000,
      ...options,
    };
    this.#transport = nodemailer.createTransport(options.smtpUrl);
  }

  /** Marks runs a stopped process left 'sending' as failed (not resent). Call once at start. */
  async recover(): Promise<number> {
    const rows = await this.#services.warehouse.query(
      `UPDATE app_schedule_runs SET status = 'failed', finished_at = $1::TIMESTAMP,
         answer = 'interrupted: the server stopped while sending; not resent, so no one gets it twice'
       WHERE status = 'sending' RETURNING run_id`,
      [ts(this.#services.now())],
    );
    return rows.length;
  }

  /** Ticks every `intervalMs` (default 30 s) until {@link stop}; ticks never overlap. */
  start(intervalMs = 30_000): void {
    if (this.#timer) return;
    const log = this.#options.log ?? ((m: string, e?: unknown) => console.error(m, e));
    this.#running = this.recover()
      .then(() => this.tick())
      .catch((e) => log("scheduled mail: start failed", e));
    this.#timer = setInterval(() => {
      this.#running = this.#running.then(() => this.tick().catch((e) => log("scheduled mail: tick failed", e)));
    }, intervalMs);
    this.#timer.unref();
  }

  /** Stops ticking and waits for the tick in progress. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
    this.#transport.close();
  }

  /** One pass over every enabled schedule (see the module comment); the runs it handled, oldest first per schedule. */
  async tick(): Promise<RunOutcome[]> {
    const out: RunOutcome[] = [];
    const schedules = new Schedules(this.#services.warehouse, this.#services.now);
    for (const s of await schedules.all()) {
      if (!s.enabled) continue;
      const now = this.#services.now();
      const [last] = await this.#services.warehouse.query<{ due: string | null }>(
        "SELECT strftime(max(due_at), '%Y-%m-%dT%H:%M:%S.%gZ') AS due FROM app_schedule_runs WHERE schedule_id = $1 AND trigger = 'schedule'",
        [s.id],
      );
      const after = last?.due ? Date.parse(last.due) : s.createdAt;
      for (const due of dueBetween(s, after, now)) {
        const outcome = await this.#claimAndSend(s, due.period, due.dueAt, "schedule");
        if (outcome) out.push(outcome);
      }
    }
    return out;
  }

  /**
   * Sends a schedule's mail now for the period a run now would report on (`tallyline schedule
   * run-now`); its own idempotency key, so it never blocks the scheduled run of that period.
   */
  async runNow(scheduleId: string): Promise<RunOutcome> {
    const s = await new Schedules(this.#services.warehouse, this.#services.now).stored(scheduleId);
    const now = this.#services.now();
    const outcome = await this.#claimAndSend(s, periodNow(s, now), now, "manual");
    if (!outcome) throw new Error("run-now could not claim its run");
    return outcome;
  }

  async #claimAndSend(
    s: StoredSchedule,
    period: Period,
    dueAt: number,
    trigger: "schedule" | "manual",
  ): Promise<RunOutcome | null> {
    const { warehouse } = this.#services;
    const now = this.#services.now();
    const runId = randomUUID();
    const key = trigger === "manual" ? `manual:${runId}` : `${period.from}..${period.to}`;
    const skipped = now - dueAt > this.#options.catchUpMs;
    const late = !skipped && now - dueAt > this.#options.lateAfterMs;
    const claimed = await warehouse.query(
      `INSERT INTO app_schedule_runs (run_id, schedule_id, period_key, period_from, period_to, due_at, trigger, status,
         late, attempts, recipients, answer, created_at, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMP, $7, $8, $9, 0, $10::JSON, $11, $12::TIMESTAMP, $13::TIMESTAMP)
       ON CONFLICT DO NOTHING RETURNING run_id`,
      [
        runId,
        s.id,
        key,
        period.from,
        period.to,
        ts(dueAt),
        trigger,
        skipped ? "skipped" : "sending",
        late,
        JSON.stringify(s.recipients),
        skipped
          ? `skipped: due ${new Date(dueAt).toISOString()}, older than the catch-up window of ${Math.round(this.#options.catchUpMs / 3_600_000)} hours`
          : null,
        ts(now),
        skipped ? ts(now) : null,
      ],
    );
    if (claimed.length === 0) return null;
    const base = { runId, scheduleId: s.id, period, late };
    if (skipped) return { ...base, status: "skipped", attempts: 0, answer: "skipped: older than the catch-up window" };
    let attempts = 0;
    let answer: string | null = null;
    let status: RunOutcome["status"] = "sent";
    let messageId: string | null = null;
    try {
      const gone = await unsubscribed(warehouse, s.id);
      const recipients = s.recipients.filter((r) => !gone.has(r));
      if (recipients.length === 0) {
        status = "skipped";
        answer = "every recipient has unsubscribed";
      } else {
        const content = await buildMail({
          schedule: s,
          period,
          registry: this.#services.registry,
          runner: this.#services.reports,
          now,
          dueAt,
          late,
          baseUrl: this.#options.baseUrl,
        });
        const answers: string[] = [];
        for (const to of recipients) {
          const link = `${this.#options.baseUrl.replace(/\/$/, "")}/api/v1/unsubscribe/${unsubscribeToken(s.id, to, s.signingSecret)}`;
          const sent = await this.#sendWithRetry({
            from: this.#options.from,
            to,
            subject: content.subject,
            text: content.text.replaceAll(UNSUBSCRIBE_MARK, link),
            html: content.html.replaceAll(UNSUBSCRIBE_MARK, link),
            attachments: content.images.map((i) => ({
              cid: i.cid,
              filename: i.filename,
              content: i.png,
              contentType: "image/png",
            })),
            list: { unsubscribe: { url: link, comment: "Unsubscribe" } },
            headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
          });
          attempts += sent.attempts;
          answers.push(`${to}: ${sent.answer}`);
          if (sent.ok) messageId ??= sent.messageId;
          else status = "failed";
        }
        answer = answers.join("\n");
      }
    } catch (e) {
      status = "failed";
      answer = `could not build the mail: ${(e as Error).message}`;
    }
    await warehouse.run(
      `UPDATE app_schedule_runs SET status = $2, attempts = $3, answer = $4, message_id = $5, finished_at = $6::TIMESTAMP
       WHERE run_id = $1`,
      [runId, status, attempts, answer, messageId, ts(this.#services.now())],
    );
    return { ...base, status, attempts, answer };
  }

  async #sendWithRetry(
    message: SendMailOptions,
  ): Promise<{ ok: boolean; attempts: number; answer: string; messageId: string | null }> {
    const sleep = this.#options.sleep ?? ((ms: number) => new Promise<void>((ok) => setTimeout(ok, ms)));
    let answer = "";
    for (let attempt = 1; ; attempt++) {
      try {
        const info = await this.#transport.sendMail(message);
        return { ok: true, attempts: attempt, answer: info.response ?? "accepted", messageId: info.messageId ?? null };
      } catch (e) {
        const err = e as Error & { responseCode?: number; response?: string };
        answer = err.response ?? err.message;
        const permanent = err.responseCode !== undefined && err.responseCode >= 500;
        if (permanent || attempt >= this.#options.maxAttempts)
          return { ok: false, attempts: attempt, answer, messageId: null };
        const delay = this.#options.backoffMs * 2 ** (attempt - 1);
        await sleep(delay + Math.random() * delay * 0.5);
      }
    }
  }
}
