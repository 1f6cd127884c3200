/**
 * Scheduled report e-mails in the dashboard (issue 15; docs/schedules.md): the typed calls of the
 * `/schedules` routes, what the page asks the API's OpenAPI document about routes and fields that
 * may not exist yet ("Send now", the mail options), and the pure helpers of the Schedules page
 * (cadence in words, local times in a schedule's zone, recipients parsed and checked, an API 400
 * message placed at its field). Cadences and due instants are never computed here: the API sends
 * them (`nextRun`, computed by croner in the schedule's zone).
 */
import { FREQUENCIES, type Frequency } from "@tallyline/report-defs/frequencies";
import { ApiError, request } from "./api";

/** Frequencies as the API names them, in the dialog's order: the one list in report-defs (frequencies.ts). */
export { FREQUENCIES, type Frequency };

/** Labels of the frequencies in the dialog. */
export const FREQUENCY_LABELS: Record<Frequency, string> = {
  daily: "Daily",
  weekly: "Weekly",
  biweekly: "Every two weeks",
  twice_monthly: "Twice a month (1st and 16th)",
  monthly: "Monthly",
  every_two_months: "Every two months",
  quarterly: "Quarterly",
};

/** ISO weekday names, index 0 = 1 Monday .. 6 = 7 Sunday. */
export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** True when a frequency takes `weekday` (weekly, biweekly). */
export const takesWeekday = (f: Frequency): boolean => f === "weekly" || f === "biweekly";
/** True when a frequency takes `monthDay` (monthly, every_two_months, quarterly). */
export const takesMonthDay = (f: Frequency): boolean =>
  f === "monthly" || f === "every_two_months" || f === "quarterly";

/** What a schedule's mail reports: seed 002's three sections, or one dashboard category. */
export type Bundle = { readonly kind: "seed002" } | { readonly kind: "category"; readonly category: string };

/** Attachments of the mail (added by the mail backend; absent from older APIs). */
export interface Attachments {
  readonly pdf: boolean;
  readonly csv: boolean;
  readonly xlsx: boolean;
}

/** A schedule as the API shows it (`GET /schedules`). Times are ISO-8601 UTC instants. */
export interface Schedule {
  readonly id: string;
  readonly name: string;
  readonly bundle: Bundle;
  readonly frequency: Frequency;
  /** ISO weekday 1 Monday .. 7 Sunday; null unless weekly or biweekly. */
  readonly weekday: number | null;
  /** 1-31; null unless monthly, every_two_months or quarterly. */
  readonly monthDay: number | null;
  /** Local send time HH:MM in `timezone`. */
  readonly sendTime: string;
  /** IANA zone. */
  readonly timezone: string;
  readonly recipients: readonly string[];
  readonly filters: Readonly<Record<string, readonly string[]>>;
  readonly enabled: boolean;
  readonly owner: { readonly kind: "user" | "key"; readonly id: string };
  /** True when the caller may change or delete it (its owner, or an admin). */
  readonly editable: boolean;
  /** The next run (UTC instant) and the local days it reports on; null when paused. */
  readonly nextRun: { readonly dueAt: string; readonly from: string; readonly to: string } | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Only when the API has the mail options. */
  readonly attachments?: Attachments;
  /** Only when the API has the mail options: the narrative's executive summary in the mail. */
  readonly narrativeSummary?: boolean;
  /** The segment applied on top of the filters (name null: deleted since); absent from older APIs. */
  readonly segment?: { readonly id: string; readonly name: string | null } | null;
  /** Each mail carries a new snapshot public link; absent from older APIs. */
  readonly publicLink?: boolean;
}

/** One run of a schedule (`GET /schedules/{id}/runs`). */
export interface ScheduleRun {
  readonly id: string;
  readonly trigger: "schedule" | "manual";
  readonly status: "sending" | "sent" | "failed" | "skipped";
  /** Local days (YYYY-MM-DD) in the schedule's zone. */
  readonly period: { readonly from: string; readonly to: string };
  readonly dueAt: string;
  readonly late: boolean;
  readonly attempts: number;
  readonly recipients: readonly string[];
  /** The SMTP server's last answer, or why it failed or was skipped. */
  readonly answer: string | null;
  readonly messageId: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  /** Warnings of the run, when the API gives them. */
  readonly warnings?: readonly string[];
}

/** What the dialog sends (`POST /schedules`; `PATCH` takes the same fields). */
export interface ScheduleBody {
  name: string;
  bundle: Bundle;
  frequency: Frequency;
  weekday: number | null;
  monthDay: number | null;
  sendTime: string;
  timezone: string;
  recipients: string[];
  filters: Record<string, string[]>;
  enabled: boolean;
  attachments?: Attachments;
  narrativeSummary?: boolean;
  segmentId?: string | null;
  publicLink?: boolean;
}

/** The typed calls of the schedule routes; each throws the API's {@link ApiError}. */
export const schedulesApi = {
  /** `GET /schedules`: every schedule of the workspace, by name. */
  async list(): Promise<Schedule[]> {
    return (await request<{ items: Schedule[] }>("/schedules")).items;
  },
  /** `POST /schedules`: a new schedule owned by the caller. */
  create(body: ScheduleBody): Promise<Schedule> {
    return request<Schedule>("/schedules", { method: "POST", body: JSON.stringify(body) });
  },
  /** `PATCH /schedules/{id}`: the fields given replace the old ones (owner or admin, else 403). */
  update(id: string, change: Partial<ScheduleBody>): Promise<Schedule> {
    return request<Schedule>(`/schedules/${encodeURIComponent(id)}`, { method: "PATCH", body: JSON.stringify(change) });
  },
  /** `DELETE /schedules/{id}` (owner or admin). */
  async remove(id: string): Promise<void> {
    await request<unknown>(`/schedules/${encodeURIComponent(id)}`, { method: "DELETE" });
  },
  /** `GET /schedules/{id}/runs`: the run history, newest first. */
  async runs(id: string): Promise<ScheduleRun[]> {
    return (await request<{ items: ScheduleRun[] }>(`/schedules/${encodeURIComponent(id)}/runs`)).items;
  },
  /** `POST /schedules/{id}/runs`: send now (202 with the run; 409 while one runs; 503 without SMTP). */
  sendNow(id: string): Promise<ScheduleRun> {
    return request<ScheduleRun>(`/schedules/${encodeURIComponent(id)}/runs`, { method: "POST" });
  },
};

/** What this API offers beyond the first schedule routes, read from its OpenAPI document. */
export interface ScheduleFeatures {
  /** `POST /schedules/{scheduleId}/runs` exists. */
  readonly sendNow: boolean;
  /** The schedule body takes `attachments` and `narrativeSummary`. */
  readonly mailOptions: boolean;
}

type OpenApiDoc = {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
};

/** The features an OpenAPI document (`/api/v1/openapi.json`) shows; both false for anything else. */
export function featuresOf(doc: unknown): ScheduleFeatures {
  const d = (typeof doc === "object" && doc !== null ? doc : {}) as OpenApiDoc;
  const runs = d.paths?.["/api/v1/schedules/{scheduleId}/runs"];
  const props = d.components?.schemas?.NewSchedule?.properties ?? {};
  return {
    sendNow: typeof runs === "object" && runs !== null && "post" in runs,
    mailOptions: "attachments" in props && "narrativeSummary" in props,
  };
}

/** Asks the API's OpenAPI document what it offers; both false when it cannot be read. */
export async function scheduleFeatures(): Promise<ScheduleFeatures> {
  try {
    return featuresOf(await request<unknown>("/openapi.json"));
  } catch {
    return { sendNow: false, mailOptions: false };
  }
}

/** "1st", "2nd", "3rd", "4th", "11th", "21st", "31st". */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

/**
 * The cadence in words, e.g. "Every Monday at 08:00, Europe/Amsterdam", "On the 1st and 16th at
 * 07:30, UTC", "On the 31st of every month (its last day when shorter) at 06:00, UTC". The months
 * of every_two_months (Jan, Mar, ...) and quarterly (Jan, Apr, ...) are the API's (docs/schedules.md).
 */
export function cadenceText(s: Pick<Schedule, "frequency" | "weekday" | "monthDay" | "sendTime" | "timezone">): string {
  const at = `at ${s.sendTime}, ${s.timezone}`;
  const day = WEEKDAYS[(s.weekday ?? 1) - 1] ?? "Monday";
  const md = s.monthDay ?? 1;
  const shorter = md > 28 ? " (its last day when shorter)" : "";
  switch (s.frequency) {
    case "daily":
      return `Every day ${at}`;
    case "weekly":
      return `Every ${day} ${at}`;
    case "biweekly":
      return `Every other ${day} ${at}`;
    case "twice_monthly":
      return `On the 1st and 16th ${at}`;
    case "monthly":
      return `On the ${ordinal(md)} of every month${shorter} ${at}`;
    case "every_two_months":
      return `On the ${ordinal(md)} of January, March, May, July, September and November${shorter} ${at}`;
    case "quarterly":
      return `On the ${ordinal(md)} of January, April, July and October${shorter} ${at}`;
  }
}

/**
 * An instant as local wall time in an IANA zone, "YYYY-MM-DD HH:MM" (24 h). The ISO text itself
 * when the instant or zone cannot be read.
 */
export function localTime(iso: string, zone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(date);
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
    return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
  } catch {
    return iso;
  }
}

/** The bundle in words: "Seed 002 bundle: Activity, Chatbot, Contact Center" or "Category: NAME". */
export function bundleText(b: Bundle): string {
  return b.kind === "seed002" ? "Activity, Chatbot and Contact Center (seed 002)" : `Dashboard: ${b.category}`;
}

/** One address of the recipients field and what is wrong with it (undefined when it looks right). */
export interface RecipientCheck {
  readonly address: string;
  readonly problem?: string;
}

/** Most recipients of one schedule (the API's MAX_RECIPIENTS). */
export const MAX_RECIPIENTS = 50;

/** A plain address check (the API's own check is authoritative; its 400 names the address). */
const EMAIL = /^[^\s@,;<>"()[\]\\]+@[^\s@,;<>"()[\]\\.]+(\.[^\s@,;<>"()[\]\\.]+)+$/;

/**
 * The recipients field read: addresses separated by new lines, commas or semicolons, trimmed,
 * empty ones dropped, each with its problem ("not an e-mail address", "more than 254 characters",
 * "listed twice"). Case is kept: the API lower-cases.
 */
export function parseRecipients(text: string): RecipientCheck[] {
  const seen = new Set<string>();
  return text
    .split(/[\n,;]+/)
    .map((a) => a.trim())
    .filter((a) => a !== "")
    .map((address) => {
      const key = address.toLowerCase();
      let problem: string | undefined;
      if (address.length > 254) problem = "is longer than 254 characters";
      else if (!EMAIL.test(address)) problem = "is not an e-mail address";
      else if (seen.has(key)) problem = "is listed twice";
      seen.add(key);
      return problem ? { address, problem } : { address };
    });
}

/** The dialog's fields an API message can name. */
export type ScheduleField =
  | "name"
  | "bundle"
  | "frequency"
  | "weekday"
  | "monthDay"
  | "sendTime"
  | "timezone"
  | "recipients"
  | "filters"
  | "enabled"
  | "attachments"
  | "narrativeSummary"
  | "segmentId"
  | "publicLink";

const FIELDS: readonly string[] = [
  "name",
  "bundle",
  "frequency",
  "weekday",
  "monthDay",
  "sendTime",
  "timezone",
  "recipients",
  "filters",
  "enabled",
  "attachments",
  "narrativeSummary",
  "segmentId",
  "publicLink",
];

/**
 * Where an API 400 belongs: its message starts with the path of the field ("recipients.1: must be an
 * e-mail address", "weekday: a weekly schedule needs a weekday"). Gives the field, the index of a
 * recipient when the path names one, and the message after the path; field undefined when the
 * message names no field of the dialog (it is then shown for the whole form).
 */
export function fieldOfMessage(message: string): { field?: ScheduleField; index?: number; text: string } {
  const m = /^([A-Za-z]+)((?:\.[A-Za-z0-9_]+)*): (.*)$/s.exec(message);
  if (!m || !FIELDS.includes(m[1] ?? "")) return { text: message };
  const field = m[1] as ScheduleField;
  const rest = (m[2] ?? "").split(".").filter(Boolean);
  const index = field === "recipients" && rest[0] !== undefined && /^\d+$/.test(rest[0]) ? Number(rest[0]) : undefined;
  return index === undefined ? { field, text: m[3] ?? message } : { field, index, text: m[3] ?? message };
}

/** True for an error of a route this API does not have: 405, or the API's 404 "No route METHOD PATH". */
export function isMissingRoute(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 405 || (e.status === 404 && /^No route /.test(e.message)));
}

/** How a schedule's owner is written: "you", "a user" or "an API key" with the start of its id. */
export function ownerText(owner: Schedule["owner"], me: { kind: "user" | "key"; id: string } | undefined): string {
  if (me && me.kind === owner.kind && me.id === owner.id) return "You";
  return owner.kind === "user" ? `User ${owner.id.slice(0, 8)}` : `API key ${owner.id.slice(0, 8)}`;
}
