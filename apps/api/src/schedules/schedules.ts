/**
 * Schedules of report e-mails (issue 15; seed 000 "Scheduled Reports", seed 002's automated
 * reports): storage in `app_schedules` (migration 19), their run history (`app_schedule_runs`), the
 * rules of who may change them, and the API's shapes.
 *
 * Visibility is as for segments: every member and key lists every schedule; only its owner (the user
 * or key that made it) or an admin changes or deletes it. A schedule holds a local cadence and an
 * IANA zone (schedules/periods.ts computes each due instant from them: never a stored UTC offset).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "@hono/zod-openapi";
import type { QueryFilters } from "@tallyline/report-defs";
import type { Warehouse } from "@tallyline/warehouse";
import type { Principal } from "../auth/accounts";
import { ts } from "../auth/store";
import { ApiError } from "../errors";
import { checkFilters, SegmentIdSchema, Segments } from "../segments/segments";
import { type Cadence, FREQUENCIES, type Frequency, isZone, nextDue } from "./periods";

/** Most schedules a workspace holds. */
export const MAX_SCHEDULES = 200;
/** Most recipients of one schedule. */
export const MAX_RECIPIENTS = 50;

const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const Instant = z.iso.datetime().openapi({ example: "2026-12-07T08:00:00.000Z" });

/** A schedule id: a UUID. */
export const ScheduleIdSchema = z
  .uuid({ error: "must be a schedule id (a UUID)" })
  .openapi({ param: { name: "scheduleId", in: "path" }, example: "0b7c9a62-3f7e-4c1e-9a55-2d8f1c0e7b14" });

/** What a schedule's mail reports: the seed 002 three-section bundle, or one dashboard category. */
export const BundleSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("seed002") }).openapi({
      description: "Seed 002's automated report: Activity, Chatbot and Contact Center sections (the default).",
    }),
    z.strictObject({
      kind: z.literal("category"),
      category: z.string().trim().min(1).max(100).openapi({ example: "Contact centre" }),
    }),
  ])
  .openapi("ScheduleBundle");
export type Bundle = z.infer<typeof BundleSchema>;

/** Recipients: 1-50 e-mail addresses, lower-cased, duplicates removed. */
export const RecipientsSchema = z
  .array(z.email({ error: "must be an e-mail address" }).max(254), { error: "must be a list of e-mail addresses" })
  .min(1, "needs at least one recipient")
  .max(MAX_RECIPIENTS, `must have at most ${MAX_RECIPIENTS} recipients`)
  .transform((list) => [...new Set(list.map((e) => e.toLowerCase()))])
  .openapi({ example: ["manager@example.com"] });

const NameSchema = z
  .string({ error: "must be a string" })
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .refine((n) => !HIDDEN.test(n), "must not contain control or invisible formatting characters")
  .openapi({ example: "Weekly snapshot" });

const FrequencySchema = z.enum(FREQUENCIES).openapi({
  description:
    "daily; weekly (on `weekday`); biweekly (every two weeks on `weekday`); twice_monthly (the 1st and 16th; seed 002's 'bi-monthly' read as twice a month); monthly, every_two_months (seed 002's 'bi-monthly' read as every two months) or quarterly (on `monthDay`).",
});
const TimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (00:00-23:59)")
  .openapi({ example: "08:00" });
const ZoneSchema = z
  .string()
  .refine(isZone, "must be an IANA time zone, e.g. Europe/Amsterdam")
  .openapi({ example: "Europe/Amsterdam" });

/** Which files a schedule's mail carries (migration 24; each off unless set). */
export interface MailAttachments {
  /** The PDF of the bundle's dashboard pages, printed by Chromium for the run's period, zone and filters. */
  readonly pdf: boolean;
  /** The key figures and charted tables as RFC 4180 CSV (formula-like values neutralised). */
  readonly csv: boolean;
  /** The same figures as an Excel workbook (exceljs). */
  readonly xlsx: boolean;
}

/** The options of a schedule's mail (migration 24): attachments and the narrative's executive summary. */
export interface ScheduleOptions {
  readonly attachments: MailAttachments;
  /** Put the executive summary of a narrative of the run's scope and period at the top of the mail. */
  readonly narrativeSummary: boolean;
  /**
   * The narrative's scope ('campaign:ID', 'chat-campaign:ID', 'segment:ID'...: the narrative API's
   * text); null: one campaign filter of the schedule gives it (schedules/summary.ts).
   */
  readonly narrativeScope: string | null;
  /**
   * A saved segment (`app_segments`) whose filters apply on top of the schedule's own, exactly as a
   * report query's `segmentId` (resolved at each run; a run whose segment was deleted fails). Null: none.
   */
  readonly segmentId: string | null;
  /**
   * Each run makes a snapshot public link (links.ts, mode snapshot, owned by the schedule's owner,
   * expiring after {@link PUBLIC_LINK_DAYS} days) of the mail's reports and prints its URL.
   */
  readonly publicLink: boolean;
}

/** Days a scheduled mail's public link works. */
export const PUBLIC_LINK_DAYS = 90;

/** Every option off: a schedule made before migration 24, or one that sets none. */
export const NO_OPTIONS: ScheduleOptions = {
  attachments: { pdf: false, csv: false, xlsx: false },
  narrativeSummary: false,
  narrativeScope: null,
  segmentId: null,
  publicLink: false,
};

const AttachmentsInput = z
  .strictObject({
    pdf: z.boolean().optional(),
    csv: z.boolean().optional(),
    xlsx: z.boolean().optional(),
  })
  .openapi("ScheduleAttachmentsInput", {
    description:
      "Files attached to the mail: `pdf` (the bundle's dashboard pages printed by Chromium), `csv` and `xlsx` (every key figure and charted table). Absent: off on create, unchanged on change.",
    example: { pdf: true, csv: false, xlsx: true },
  });
const NarrativeSummaryInput = z.boolean().openapi({
  description:
    "Put the executive summary of a narrative (generated for the run's scope and period, or one already generated for exactly them) at the top of the mail. Needs an AI model configured; without one the mail goes without it and the run says why. Default false.",
});

const NARRATIVE_SCOPE = /^(campaign|segment|check|calls|chat-campaign|chat-segment|conversations):\s*\S.*$/s;
const NarrativeScopeInput = z
  .string()
  .trim()
  .max(200)
  // The narrative package's scope prefixes (packages/narrative scope.ts); checked here without loading
  // that package, which every CLI start would pay for (resolved again, fully, when the run uses it).
  .refine(
    (t) => NARRATIVE_SCOPE.test(t),
    "must be a narrative scope: campaign:ID, segment:ID, check:ID, chat-campaign:ID or chat-segment:ID",
  )
  .nullable()
  .openapi({
    description:
      "The scope of the narrative whose summary the mail carries, as `POST /api/v1/narratives` takes it. Null (default): the schedule's one `campaign` filter value (chat-campaign for the seed 002 bundle).",
    example: "chat-campaign:support",
  });

const SegmentInput = SegmentIdSchema.nullable().openapi({
  description:
    "A saved segment (`GET /api/v1/segments`) whose filters apply on top of `filters` in every run, as a report query's `segmentId`; it must exist (400 otherwise). Null (default): none. A run whose segment was deleted since fails and sends nothing.",
  param: undefined,
  example: "5d1c3a8e-8f3b-4f4e-9a51-0c7b2f6d9e21",
});
const PublicLinkInput = z.boolean().openapi({
  description: `Each run makes a snapshot public link (/r/<token>: anyone holding it sees the mail's reports for the run's period, zone, filters and segment without signing in) owned by the schedule's owner, expiring after ${PUBLIC_LINK_DAYS} days, and prints its URL in the mail beside the dashboard link. Default false.`,
});

/** The fields of a schedule a client sends (create: all but the optional ones; change: any). */
const Fields = {
  name: NameSchema,
  bundle: BundleSchema,
  frequency: FrequencySchema,
  weekday: z.int().min(1).max(7).nullable().openapi({ description: "ISO weekday, 1 Monday .. 7 Sunday" }),
  monthDay: z.int().min(1).max(31).nullable().openapi({ description: "1-31; past a month's end, its last day" }),
  sendTime: TimeSchema,
  timezone: ZoneSchema,
  recipients: RecipientsSchema,
  filters: z.record(z.string(), z.array(z.string())).openapi({ example: { queue: ["sales"] } }),
  enabled: z.boolean(),
};

/** `POST /api/v1/schedules` body. */
export const NewScheduleBody = z
  .strictObject({
    name: Fields.name,
    bundle: Fields.bundle.optional(),
    frequency: Fields.frequency,
    weekday: Fields.weekday.optional(),
    monthDay: Fields.monthDay.optional(),
    sendTime: Fields.sendTime,
    timezone: Fields.timezone,
    recipients: Fields.recipients,
    filters: Fields.filters.optional(),
    enabled: Fields.enabled.optional(),
    attachments: AttachmentsInput.optional(),
    narrativeSummary: NarrativeSummaryInput.optional(),
    narrativeScope: NarrativeScopeInput.optional(),
    segmentId: SegmentInput.optional(),
    publicLink: PublicLinkInput.optional(),
  })
  .openapi("NewSchedule");
export type NewSchedule = z.infer<typeof NewScheduleBody>;

/** `PATCH /api/v1/schedules/{scheduleId}` body: the fields to change. */
export const ScheduleChangeBody = z
  .strictObject({
    name: Fields.name.optional(),
    bundle: Fields.bundle.optional(),
    frequency: Fields.frequency.optional(),
    weekday: Fields.weekday.optional(),
    monthDay: Fields.monthDay.optional(),
    sendTime: Fields.sendTime.optional(),
    timezone: Fields.timezone.optional(),
    recipients: Fields.recipients.optional(),
    filters: Fields.filters.optional(),
    enabled: Fields.enabled.optional(),
    attachments: AttachmentsInput.optional(),
    narrativeSummary: NarrativeSummaryInput.optional(),
    narrativeScope: NarrativeScopeInput.optional(),
    segmentId: SegmentInput.optional(),
    publicLink: PublicLinkInput.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "name at least one field to change")
  .openapi("ScheduleChange");
export type ScheduleChange = z.infer<typeof ScheduleChangeBody>;

/** A schedule as the API shows it (never its signing secret). */
export const ScheduleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    bundle: BundleSchema,
    frequency: FrequencySchema,
    weekday: z.number().nullable(),
    monthDay: z.number().nullable(),
    sendTime: z.string(),
    timezone: z.string(),
    recipients: z.array(z.string()),
    filters: z.record(z.string(), z.array(z.string())),
    enabled: z.boolean(),
    attachments: z
      .object({ pdf: z.boolean(), csv: z.boolean(), xlsx: z.boolean() })
      .openapi("ScheduleAttachments", { description: "Files attached to each mail (all false unless set)." }),
    narrativeSummary: z
      .boolean()
      .openapi({ description: "True when the mail starts with a narrative's executive summary." }),
    narrativeScope: z.string().nullable().openapi({ description: "The narrative's scope; null: from the filters." }),
    segment: z.object({ id: z.string(), name: z.string().nullable() }).nullable().openapi({
      description:
        "The segment applied on top of `filters`; `name` null when it was deleted since (runs then fail). Null: none.",
    }),
    publicLink: z.boolean().openapi({ description: "True when each mail carries a new snapshot public link." }),
    owner: z.object({ kind: z.enum(["user", "key"]), id: z.string() }),
    editable: z.boolean().openapi({ description: "True when the caller may change or delete it (owner or admin)." }),
    nextRun: z
      .object({ dueAt: Instant, from: z.string(), to: z.string() })
      .nullable()
      .openapi({ description: "The next run and the local days it will report on; null when paused." }),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .openapi("Schedule");
export type Schedule = z.infer<typeof ScheduleSchema>;

/** One run of a schedule, as the API shows it. */
export const ScheduleRunSchema = z
  .object({
    id: z.string(),
    trigger: z.enum(["schedule", "manual"]),
    status: z.enum(["sending", "sent", "failed", "skipped"]),
    period: z.object({ from: z.string(), to: z.string() }),
    dueAt: Instant,
    late: z.boolean(),
    attempts: z.number(),
    recipients: z.array(z.string()),
    answer: z
      .string()
      .nullable()
      .openapi({ description: "The SMTP server's last answer, or why it failed or was skipped." }),
    messageId: z.string().nullable(),
    warnings: z.array(z.string()).openapi({
      description:
        "What the run left out of the mail and why: a PDF that could not be printed, a summary that could not be written. Empty when none.",
    }),
    createdAt: Instant,
    finishedAt: Instant.nullable(),
  })
  .openapi("ScheduleRun");
export type ScheduleRun = z.infer<typeof ScheduleRunSchema>;

/** A stored schedule with what the scheduler needs (the secret included: never sent to clients). */
export interface StoredSchedule extends Cadence {
  readonly id: string;
  readonly name: string;
  readonly bundle: Bundle;
  readonly frequency: Frequency;
  readonly weekday: number | null;
  readonly monthDay: number | null;
  readonly recipients: string[];
  readonly filters: QueryFilters;
  readonly enabled: boolean;
  /** Attachments and summary (migration 24); {@link NO_OPTIONS} for a schedule made before. */
  readonly options: ScheduleOptions;
  readonly signingSecret: string;
  readonly owner: { kind: "user" | "key"; id: string };
  readonly createdAt: number;
  readonly updatedAt: number;
}

type Row = {
  schedule_id: string;
  name: string;
  bundle: string;
  frequency: Frequency;
  weekday: number | null;
  month_day: number | null;
  send_time: string;
  timezone: string;
  recipients: string;
  filters: string;
  enabled: boolean;
  options: string | null;
  signing_secret: string;
  owner_kind: "user" | "key";
  owner_id: string;
  created_at: string;
  updated_at: string;
};

const ms = (v: string) => Date.parse(v.endsWith("Z") ? v : `${v.replace(" ", "T")}Z`);

/** SQL that reads schedules with instants as ISO text. */
const SELECT = `SELECT schedule_id, name, bundle::VARCHAR AS bundle, frequency, weekday, month_day, send_time, timezone,
  recipients::VARCHAR AS recipients, filters::VARCHAR AS filters, enabled, options::VARCHAR AS options, signing_secret, owner_kind, owner_id,
  strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at, strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS updated_at
  FROM app_schedules`;

function stored(r: Row): StoredSchedule {
  return {
    id: r.schedule_id,
    name: r.name,
    bundle: JSON.parse(r.bundle) as Bundle,
    frequency: r.frequency,
    weekday: r.weekday === null ? null : Number(r.weekday),
    monthDay: r.month_day === null ? null : Number(r.month_day),
    sendTime: r.send_time,
    timezone: r.timezone,
    recipients: JSON.parse(r.recipients) as string[],
    filters: JSON.parse(r.filters) as QueryFilters,
    enabled: r.enabled,
    options: optionsOf(r.options),
    signingSecret: r.signing_secret,
    owner: { kind: r.owner_kind, id: r.owner_id },
    createdAt: ms(r.created_at),
    updatedAt: ms(r.updated_at),
  };
}

/** The stored options (JSON text or NULL) with every missing flag false. */
function optionsOf(text: string | null): ScheduleOptions {
  if (text === null) return NO_OPTIONS;
  const o = JSON.parse(text) as {
    attachments?: Partial<MailAttachments>;
    narrativeSummary?: boolean;
    narrativeScope?: string | null;
    segmentId?: string | null;
    publicLink?: boolean;
  };
  return {
    attachments: {
      pdf: o.attachments?.pdf === true,
      csv: o.attachments?.csv === true,
      xlsx: o.attachments?.xlsx === true,
    },
    narrativeSummary: o.narrativeSummary === true,
    narrativeScope: typeof o.narrativeScope === "string" ? o.narrativeScope : null,
    segmentId: typeof o.segmentId === "string" ? o.segmentId : null,
    publicLink: o.publicLink === true,
  };
}

/** `current` with the flags `change` gives (absent ones kept). */
function mergedOptions(
  current: ScheduleOptions,
  change: {
    attachments?: Partial<MailAttachments> | undefined;
    narrativeSummary?: boolean | undefined;
    narrativeScope?: string | null | undefined;
    segmentId?: string | null | undefined;
    publicLink?: boolean | undefined;
  },
): ScheduleOptions {
  return {
    attachments: {
      pdf: change.attachments?.pdf ?? current.attachments.pdf,
      csv: change.attachments?.csv ?? current.attachments.csv,
      xlsx: change.attachments?.xlsx ?? current.attachments.xlsx,
    },
    narrativeSummary: change.narrativeSummary ?? current.narrativeSummary,
    narrativeScope: change.narrativeScope === undefined ? current.narrativeScope : change.narrativeScope,
    segmentId: change.segmentId === undefined ? current.segmentId : change.segmentId,
    publicLink: change.publicLink ?? current.publicLink,
  };
}

function ownerOf(p: Principal): { kind: "user" | "key"; id: string } {
  return p.kind === "session" ? { kind: "user", id: p.user.id } : { kind: "key", id: p.key.id };
}

/**
 * The API view of a stored schedule for `caller` (null caller: the command line, which may edit all);
 * `segmentNames` maps segment ids to names (a missing one: deleted, shown with name null).
 */
export function showSchedule(
  s: StoredSchedule,
  caller: Principal | null,
  now: number,
  segmentNames: ReadonlyMap<string, string> = new Map(),
): Schedule {
  const mine = caller ? ownerOf(caller) : null;
  const next = s.enabled ? nextDue(s, Math.max(now, s.createdAt)) : null;
  return {
    id: s.id,
    name: s.name,
    bundle: s.bundle,
    frequency: s.frequency,
    weekday: s.weekday,
    monthDay: s.monthDay,
    sendTime: s.sendTime,
    timezone: s.timezone,
    recipients: s.recipients,
    filters: s.filters as Record<string, string[]>,
    enabled: s.enabled,
    attachments: { ...s.options.attachments },
    narrativeSummary: s.options.narrativeSummary,
    narrativeScope: s.options.narrativeScope,
    segment:
      s.options.segmentId === null
        ? null
        : { id: s.options.segmentId, name: segmentNames.get(s.options.segmentId) ?? null },
    publicLink: s.options.publicLink,
    owner: s.owner,
    editable: caller === null || caller.role === "admin" || (mine?.kind === s.owner.kind && mine.id === s.owner.id),
    nextRun: next ? { dueAt: new Date(next.dueAt).toISOString(), ...next.period } : null,
    createdAt: new Date(s.createdAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
  };
}

/**
 * Checks that the cadence fields agree with the frequency: weekly and biweekly need `weekday` (and no
 * `monthDay`); monthly, every_two_months and quarterly need `monthDay` (and no `weekday`); daily and
 * twice_monthly take neither. Throws ApiError 'invalid_query' naming the field.
 */
export function checkCadence(c: { frequency: Frequency; weekday: number | null; monthDay: number | null }): void {
  const needsWeekday = c.frequency === "weekly" || c.frequency === "biweekly";
  const needsMonthDay = c.frequency === "monthly" || c.frequency === "every_two_months" || c.frequency === "quarterly";
  if (needsWeekday && c.weekday === null)
    throw new ApiError("invalid_query", `weekday: a ${c.frequency} schedule needs a weekday (1 Monday .. 7 Sunday)`, {
      path: "weekday",
    });
  if (!needsWeekday && c.weekday !== null)
    throw new ApiError("invalid_query", `weekday: a ${c.frequency} schedule takes no weekday`, { path: "weekday" });
  if (needsMonthDay && c.monthDay === null)
    throw new ApiError("invalid_query", `monthDay: a ${c.frequency} schedule needs a day of the month (1-31)`, {
      path: "monthDay",
    });
  if (!needsMonthDay && c.monthDay !== null)
    throw new ApiError("invalid_query", `monthDay: a ${c.frequency} schedule takes no day of the month`, {
      path: "monthDay",
    });
}

function checkedFilters(input: Record<string, string[]> | undefined): QueryFilters {
  if (input === undefined || Object.keys(input).length === 0) return {};
  return checkFilters(input);
}

/**
 * The schedules of a workspace over its warehouse. Every value is bound. Throws ApiError
 * 'not_found' (unknown id), 'forbidden' (neither owner nor admin), 'conflict' (past
 * {@link MAX_SCHEDULES}), 'invalid_query' (cadence fields that disagree with the frequency, bad filters).
 */
export class Schedules {
  constructor(
    private readonly warehouse: Warehouse,
    private readonly now: () => number,
  ) {}

  /** Every schedule, stored form (the scheduler's view), by name then id. */
  async all(): Promise<StoredSchedule[]> {
    const rows = await this.warehouse.query<Row>(`${SELECT} ORDER BY lower(name), name, schedule_id`);
    return rows.map(stored);
  }

  /** One schedule, stored form; ApiError 'not_found' when unknown. */
  async stored(id: string): Promise<StoredSchedule> {
    const [row] = await this.warehouse.query<Row>(`${SELECT} WHERE schedule_id = $1`, [id]);
    if (!row) throw new ApiError("not_found", `No schedule ${id}`, { path: "scheduleId" });
    return stored(row);
  }

  /** The names of the segments schedules name, by id. */
  async #segmentNames(): Promise<Map<string, string>> {
    const rows = await this.warehouse.query<{ id: string; name: string }>(
      "SELECT segment_id AS id, name FROM app_segments",
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** A segment a schedule names must exist: ApiError 'invalid_query' (400) naming `segmentId` otherwise. */
  async #checkSegment(id: string | null | undefined): Promise<void> {
    if (id === null || id === undefined) return;
    try {
      await new Segments(this.warehouse, this.now).resolve(id);
    } catch (e) {
      if (e instanceof ApiError && e.code === "not_found")
        throw new ApiError("invalid_query", `segmentId: no segment ${id}`, { path: "segmentId" });
      throw e;
    }
  }

  /** Every schedule as `caller` sees it. */
  async list(caller: Principal | null): Promise<Schedule[]> {
    const now = this.now();
    const names = await this.#segmentNames();
    return (await this.all()).map((s) => showSchedule(s, caller, now, names));
  }

  /** One schedule as `caller` sees it. */
  async get(id: string, caller: Principal | null): Promise<Schedule> {
    return showSchedule(await this.stored(id), caller, this.now(), await this.#segmentNames());
  }

  /** A new schedule owned by `caller` (`owner` for the command line). */
  async create(input: NewSchedule, caller: Principal | { kind: "user" | "key"; id: string }): Promise<Schedule> {
    const cadence = { frequency: input.frequency, weekday: input.weekday ?? null, monthDay: input.monthDay ?? null };
    checkCadence(cadence);
    const filters = checkedFilters(input.filters);
    await this.#checkSegment(input.segmentId);
    const [count] = await this.warehouse.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM app_schedules");
    if (Number(count?.n ?? 0) >= MAX_SCHEDULES)
      throw new ApiError("conflict", `The workspace already holds ${MAX_SCHEDULES} schedules; delete some first`);
    const id = randomUUID();
    const at = ts(this.now());
    const owner = "role" in caller ? ownerOf(caller) : caller;
    await this.warehouse.run(
      `INSERT INTO app_schedules (schedule_id, name, bundle, frequency, weekday, month_day, send_time, timezone,
         recipients, filters, enabled, signing_secret, owner_kind, owner_id, created_at, updated_at, options)
       VALUES ($1, $2, $3::JSON, $4, $5, $6, $7, $8, $9::JSON, $10::JSON, $11, $12, $13, $14, $15::TIMESTAMP, $15::TIMESTAMP, $16::JSON)`,
      [
        id,
        input.name,
        JSON.stringify(input.bundle ?? { kind: "seed002" }),
        cadence.frequency,
        cadence.weekday,
        cadence.monthDay,
        input.sendTime,
        input.timezone,
        JSON.stringify(input.recipients),
        JSON.stringify(filters),
        input.enabled ?? true,
        randomBytes(32).toString("hex"),
        owner.kind,
        owner.id,
        at,
        JSON.stringify(mergedOptions(NO_OPTIONS, input)),
      ],
    );
    return this.get(id, "role" in caller ? caller : null);
  }

  /** The stored schedule when `caller` may change it (owner or admin); ApiError 'not_found' or 'forbidden'. */
  async editableBy(id: string, caller: Principal): Promise<StoredSchedule> {
    return this.editable(id, caller);
  }

  private async editable(id: string, caller: Principal): Promise<StoredSchedule> {
    const s = await this.stored(id);
    if (!showSchedule(s, caller, this.now()).editable)
      throw new ApiError("forbidden", "Only the schedule's owner or an admin may change or delete it");
    return s;
  }

  /** Changes the fields given (owner or admin). Changing the frequency may need the other cadence field too. */
  async update(id: string, change: ScheduleChange, caller: Principal): Promise<Schedule> {
    const s = await this.editable(id, caller);
    const cadence = {
      frequency: change.frequency ?? s.frequency,
      weekday: change.weekday === undefined ? s.weekday : change.weekday,
      monthDay: change.monthDay === undefined ? s.monthDay : change.monthDay,
    };
    checkCadence(cadence);
    const filters = change.filters === undefined ? s.filters : checkedFilters(change.filters);
    await this.#checkSegment(change.segmentId);
    await this.warehouse.run(
      `UPDATE app_schedules SET name = $2, bundle = $3::JSON, frequency = $4, weekday = $5, month_day = $6, send_time = $7,
         timezone = $8, recipients = $9::JSON, filters = $10::JSON, enabled = $11, updated_at = $12::TIMESTAMP,
         options = $13::JSON
       WHERE schedule_id = $1`,
      [
        id,
        change.name ?? s.name,
        JSON.stringify(change.bundle ?? s.bundle),
        cadence.frequency,
        cadence.weekday,
        cadence.monthDay,
        change.sendTime ?? s.sendTime,
        change.timezone ?? s.timezone,
        JSON.stringify(change.recipients ?? s.recipients),
        JSON.stringify(filters),
        change.enabled ?? s.enabled,
        ts(Math.max(this.now(), s.updatedAt + 1)),
        JSON.stringify(mergedOptions(s.options, change)),
      ],
    );
    return this.get(id, caller);
  }

  /** Deletes it with its run history and unsubscribes (owner or admin). */
  async delete(id: string, caller: Principal): Promise<void> {
    await this.editable(id, caller);
    await this.warehouse.transaction(async (tx) => {
      await tx.run("DELETE FROM app_schedule_runs WHERE schedule_id = $1", [id]);
      await tx.run("DELETE FROM app_unsubscribes WHERE schedule_id = $1", [id]);
      await tx.run("DELETE FROM app_schedules WHERE schedule_id = $1", [id]);
    });
  }

  /** The run history of a schedule, newest first (at most `limit`, default 100); 404 for an unknown schedule. */
  async runs(id: string, limit = 100): Promise<ScheduleRun[]> {
    await this.stored(id);
    return this.#runs(id, null, limit);
  }

  /** One run of a schedule; ApiError 'not_found' when the schedule or the run is unknown. */
  async run(id: string, runId: string): Promise<ScheduleRun> {
    await this.stored(id);
    const [found] = await this.#runs(id, runId, 1);
    if (!found) throw new ApiError("not_found", `No run ${runId} of schedule ${id}`, { path: "runId" });
    return found;
  }

  async #runs(id: string, runId: string | null, limit: number): Promise<ScheduleRun[]> {
    const rows = await this.warehouse.query<{
      run_id: string;
      trigger: "schedule" | "manual";
      status: ScheduleRun["status"];
      period_from: string;
      period_to: string;
      due_at: string;
      late: boolean;
      attempts: number;
      recipients: string;
      answer: string | null;
      message_id: string | null;
      warnings: string | null;
      created_at: string;
      finished_at: string | null;
    }>(
      `SELECT run_id, trigger, status, period_from, period_to, strftime(due_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS due_at, late,
         attempts, recipients::VARCHAR AS recipients, answer, message_id, warnings::VARCHAR AS warnings,
         strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at, strftime(finished_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS finished_at
       FROM app_schedule_runs WHERE schedule_id = $1 AND ($3::VARCHAR IS NULL OR run_id = $3)
       ORDER BY due_at DESC, created_at DESC, run_id LIMIT $2`,
      [id, limit, runId],
    );
    return rows.map((r) => ({
      id: r.run_id,
      trigger: r.trigger,
      status: r.status,
      period: { from: r.period_from, to: r.period_to },
      dueAt: new Date(ms(r.due_at)).toISOString(),
      late: r.late,
      attempts: Number(r.attempts),
      recipients: JSON.parse(r.recipients) as string[],
      answer: r.answer,
      messageId: r.message_id,
      warnings: r.warnings === null ? [] : (JSON.parse(r.warnings) as string[]),
      createdAt: new Date(ms(r.created_at)).toISOString(),
      finishedAt: r.finished_at === null ? null : new Date(ms(r.finished_at)).toISOString(),
    }));
  }
}

/** The schedules of the request's workspace. */
export function schedulesOf(c: { get(key: "services"): { warehouse: Warehouse; now: () => number } }): Schedules {
  const { warehouse, now } = c.get("services");
  return new Schedules(warehouse, now);
}
