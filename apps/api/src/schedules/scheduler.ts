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
 *
 * A schedule's options (migration 24) add files and a summary: the PDF of the bundle (printed by the
 * server's Chromium printer), the figures as CSV and XLSX, a narrative's executive summary. A part
 * that cannot be made (no Chromium, a print that fails, no AI model) is left out: the mail still
 * goes, and the run's `warnings` say what was left out and why.
 *
 * Run-now (`POST /api/v1/schedules/{id}/runs`, `tallyline schedule run-now`) claims a 'manual' run
 * with its own key and sends in the background ({@link Scheduler.startRun}); one run of a schedule
 * at a time: another while one is sending is refused ({@link RunBusyError}).
 */
import { randomUUID } from "node:crypto";
import type { Registry } from "@tallyline/report-defs";
import type { Warehouse } from "@tallyline/warehouse";
import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import { ts } from "../auth/store";
import type { Printer } from "../pdf/printer";
import { type ResolvedSegment, Segments } from "../segments/segments";
import type { ReportRunner } from "../services/reportRunner";
import { attachmentBaseName, bundlePdf, figuresCsv, figuresXlsx, type MailFile } from "./attachments";
import { buildMail, type PublicLink, UNSUBSCRIBE_MARK } from "./mail";
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
  /** The server's PDF printer (the PDF attachment); absent: a PDF asked for is left out with a warning. */
  readonly printer?: Printer | undefined;
  /**
   * The executive summary of a schedule's run (`narrativeSummary`): paragraphs and a link to the
   * narrative's page, or a reason it has none (put in the run's warnings). Absent: "not available".
   */
  readonly summary?: SummarySource | undefined;
  /**
   * Makes a run's public link (`publicLink` option; schedules/publicLink.ts). Absent (the command
   * line): a link asked for is left out and the run's warnings say so.
   */
  readonly publicLinks?: PublicLinkSource | undefined;
}

/**
 * Makes the snapshot public link of a run: the reports `reportIds` for the run's period, the
 * schedule's zone, filters and `segment`, owned by the schedule's owner. Throws when it cannot.
 */
export type PublicLinkSource = (
  schedule: StoredSchedule,
  period: Period,
  segment: ResolvedSegment | undefined,
  reportIds: readonly string[],
) => Promise<PublicLink>;

/** Writes (or finds) the narrative of a run and gives its executive summary; see schedules/summary.ts. */
export type SummarySource = (
  schedule: StoredSchedule,
  period: Period,
) => Promise<{ paragraphs: readonly string[]; link: string; note?: string } | { reason: string }>;

/** Thrown by {@link Scheduler.startRun} when a run of the schedule is being sent already. */
export class RunBusyError extends Error {
  override readonly name = "RunBusyError";
}

/** What run-now may choose: the period (default: the one a run now reports on) and a subset of recipients. */
export interface RunNowOptions {
  readonly period?: Period | undefined;
  /** Recipients to send to instead of the schedule's own (the caller checks who may be named). */
  readonly recipients?: readonly string[] | undefined;
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
  /** What the mail left out and why (no PDF, no summary); empty when nothing. */
  readonly warnings: readonly string[];
}

const DAY = 86_400_000;

/** A claimed run, ready to send. */
interface Claim {
  readonly runId: string;
  readonly schedule: StoredSchedule;
  readonly period: Period;
  readonly dueAt: number;
  readonly late: boolean;
  readonly skipped: boolean;
  readonly recipients: readonly string[];
}

/** Sends scheduled mail; see the module comment. */
export class Scheduler {
  readonly #services: SchedulerServices;
  readonly #options: Required<Omit<SchedulerOptions, "log" | "sleep">> & Pick<SchedulerOptions, "log" | "sleep">;
  readonly #transport: Transporter;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> = Promise.resolve();
  /** Schedules with a run being sent by this process. */
  readonly #busy = new Set<string>();
  /** Run-now sends in the background (stop() waits for them). */
  readonly #background = new Set<Promise<unknown>>();

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
    await Promise.allSettled([...this.#background]);
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
   * Sends a schedule's mail now and waits for it (`tallyline schedule run-now`): for `options.period`
   * or the period a run now would report on; its own idempotency key, so it never blocks the
   * scheduled run of that period. Throws ApiError 'not_found' (unknown schedule), RunBusyError.
   */
  async runNow(scheduleId: string, options: RunNowOptions = {}): Promise<RunOutcome> {
    const { done } = await this.startRun(scheduleId, options);
    return done;
  }

  /**
   * Claims a manual run of the schedule now and sends it in the background: resolves once the run
   * is recorded ('sending') with its id, and `done` when it is sent, failed or skipped. Throws
   * ApiError 'not_found' (unknown schedule), {@link RunBusyError} when a run of this schedule is
   * being sent (by this process, or recorded 'sending').
   */
  async startRun(
    scheduleId: string,
    options: RunNowOptions = {},
  ): Promise<{ runId: string; done: Promise<RunOutcome> }> {
    const s = await new Schedules(this.#services.warehouse, this.#services.now).stored(scheduleId);
    if (this.#busy.has(s.id)) throw new RunBusyError(`A run of schedule ${s.id} is being sent; wait for it to finish`);
    this.#busy.add(s.id);
    try {
      const [sending] = await this.#services.warehouse.query(
        "SELECT run_id FROM app_schedule_runs WHERE schedule_id = $1 AND status = 'sending' LIMIT 1",
        [s.id],
      );
      if (sending) throw new RunBusyError(`A run of schedule ${s.id} is being sent; wait for it to finish`);
      const now = this.#services.now();
      const claim = await this.#claim(s, options.period ?? periodNow(s, now), now, "manual", options.recipients);
      if (!claim) throw new Error("run-now could not claim its run");
      const done = this.#send(claim).finally(() => {
        this.#busy.delete(s.id);
        this.#background.delete(done);
      });
      this.#background.add(done);
      return { runId: claim.runId, done };
    } catch (e) {
      this.#busy.delete(s.id);
      throw e;
    }
  }

  async #claimAndSend(
    s: StoredSchedule,
    period: Period,
    dueAt: number,
    trigger: "schedule" | "manual",
  ): Promise<RunOutcome | null> {
    if (this.#busy.has(s.id)) return null;
    this.#busy.add(s.id);
    try {
      const claim = await this.#claim(s, period, dueAt, trigger);
      return claim ? await this.#send(claim) : null;
    } finally {
      this.#busy.delete(s.id);
    }
  }

  /** Inserts the run (sending, or skipped past the catch-up window) unless its key exists; null when it does. */
  async #claim(
    s: StoredSchedule,
    period: Period,
    dueAt: number,
    trigger: "schedule" | "manual",
    only?: readonly string[],
  ): Promise<Claim | null> {
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
        JSON.stringify(only ?? s.recipients),
        skipped
          ? `skipped: due ${new Date(dueAt).toISOString()}, older than the catch-up window of ${Math.round(this.#options.catchUpMs / 3_600_000)} hours`
          : null,
        ts(now),
        skipped ? ts(now) : null,
      ],
    );
    if (claimed.length === 0) return null;
    return { runId, schedule: s, period, dueAt, late, skipped, recipients: only ?? s.recipients };
  }

  /** Builds and sends a claimed run, then records how it ended. */
  async #send(claim: Claim): Promise<RunOutcome> {
    const { warehouse } = this.#services;
    const { runId, schedule: s, period, dueAt, late } = claim;
    const now = this.#services.now();
    const base = { runId, scheduleId: s.id, period, late };
    if (claim.skipped)
      return {
        ...base,
        status: "skipped",
        attempts: 0,
        answer: "skipped: older than the catch-up window",
        warnings: [],
      };
    const warnings: string[] = [];
    let attempts = 0;
    let answer: string | null = null;
    let status: RunOutcome["status"] = "sent";
    let messageId: string | null = null;
    try {
      const gone = await unsubscribed(warehouse, s.id);
      const recipients = claim.recipients.filter((r) => !gone.has(r));
      if (recipients.length === 0) {
        status = "skipped";
        answer = "every recipient has unsubscribed";
      } else {
        let summary: { paragraphs: readonly string[]; link: string } | undefined;
        if (s.options.narrativeSummary) {
          const got = this.#services.summary
            ? await this.#services.summary(s, period).catch((e: unknown) => ({ reason: (e as Error).message }))
            : { reason: "no narrative generator in this process" };
          if ("reason" in got) warnings.push(`no executive summary: ${got.reason}`);
          else {
            summary = got;
            if (got.note) warnings.push(got.note);
          }
        }
        let segment: ResolvedSegment | undefined;
        if (s.options.segmentId !== null) {
          // Never a mail with unfiltered numbers: a segment deleted since fails the run.
          segment = await new Segments(warehouse, this.#services.now)
            .resolve(s.options.segmentId)
            .catch((e: unknown) => {
              throw new Error(
                `the schedule's segment ${s.options.segmentId} does not exist any more (deleted?); nothing was sent. Choose another segment or none. (${(e as Error).message})`,
              );
            });
        }
        const makeLink = this.#services.publicLinks;
        const publicLink = !s.options.publicLink
          ? undefined
          : async (reportIds: readonly string[]): Promise<PublicLink | null> => {
              if (!makeLink) {
                warnings.push("no public link: links are made by the server, not in this process");
                return null;
              }
              if (reportIds.length === 0) {
                warnings.push("no public link: no report of the bundle could run");
                return null;
              }
              try {
                return await makeLink(s, period, segment, reportIds);
              } catch (e) {
                warnings.push(`no public link: ${(e as Error).message}`);
                return null;
              }
            };
        const content = await buildMail({
          schedule: s,
          period,
          registry: this.#services.registry,
          runner: this.#services.reports,
          now,
          dueAt,
          late,
          baseUrl: this.#options.baseUrl,
          summary,
          segment,
          publicLink,
        });
        const files: MailFile[] = [];
        const base = attachmentBaseName(s.name, period);
        if (s.options.attachments.pdf) {
          try {
            files.push(await bundlePdf(this.#services.printer, content, s, period, base, segment?.name));
          } catch (e) {
            warnings.push(`no PDF attached: ${(e as Error).message}`);
          }
        }
        if (s.options.attachments.csv) files.push(figuresCsv(content.rows, period, base, segment?.name));
        if (s.options.attachments.xlsx)
          files.push(await figuresXlsx(content.rows, s, period, base, now, segment?.name));
        const answers: string[] = [];
        for (const to of recipients) {
          const link = `${this.#options.baseUrl.replace(/\/$/, "")}/api/v1/unsubscribe/${unsubscribeToken(s.id, to, s.signingSecret)}`;
          const sent = await this.#sendWithRetry({
            from: this.#options.from,
            to,
            subject: content.subject,
            text: content.text.replaceAll(UNSUBSCRIBE_MARK, link),
            html: content.html.replaceAll(UNSUBSCRIBE_MARK, link),
            attachments: [
              ...content.images.map((i) => ({
                cid: i.cid,
                filename: i.filename,
                content: i.png,
                contentType: "image/png",
              })),
              ...files.map((f) => ({ filename: f.filename, content: f.content, contentType: f.contentType })),
            ],
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
      `UPDATE app_schedule_runs SET status = $2, attempts = $3, answer = $4, message_id = $5, finished_at = $6::TIMESTAMP,
         warnings = $7::JSON
       WHERE run_id = $1`,
      [
        runId,
        status,
        attempts,
        answer,
        messageId,
        ts(this.#services.now()),
        warnings.length ? JSON.stringify(warnings) : null,
      ],
    );
    return { ...base, status, attempts, answer, warnings };
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
