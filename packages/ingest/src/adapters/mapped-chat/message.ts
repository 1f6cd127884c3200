/**
 * Reads one record of a chat log into a message as its mapping says (docs/mapping.md, "Chat logs"),
 * with the call mapping's RowReader for cells, templates, conditions and the timestamp formats it knows
 * (patterns, ISO 8601, Excel serials), and ./times.ts for RFC 2822, Twitter and Unix times.
 *
 * As in call mappings, every cell a field names is read and checked on every record, whatever its
 * `when` says, so a bad value is always reported. `required` means the field must give a value when it
 * applies: when the chosen spec (the field itself, or the first case whose `when` holds) gives none.
 * A record with any problem gives no message, only its issues.
 */
import { isInYearRange, YEAR_RANGE_REASON } from "@tallyline/warehouse/time";
import type { RowIssue } from "../../errors";
import { failed } from "../mapped/formats";
import { type RowContext, RowReader } from "../mapped/row";
import type { Condition, Mapping } from "../mapped/schema";
import { text as cellText } from "../mapped/table";
import type { ChatRecord } from "./records";
import { type ChatFieldSpec, type ChatMapping, primaryColumn, ROLES, type Role } from "./schema";
import { isOwnFormat, parseOwnFormat } from "./times";

/** One message read from one record; values as written (keys are built by ./derive.ts). */
export interface ChatMessage {
  /** Position among the file's records, from 0: breaks ties between messages sent at the same time. */
  readonly index: number;
  readonly line: number;
  readonly record: ChatRecord;
  readonly messageId: string | null;
  readonly conversation: string | null;
  readonly replyTo: string | null;
  readonly sentAt: Date | null;
  readonly author: string | null;
  readonly sender: Role;
  /** The agent of an agent message (its author unless the mapping maps agent_id); null otherwise. */
  readonly agent: string | null;
  /** The text, only when the mapping stores it. */
  readonly text: string | null;
  /** Characters (Unicode code points) of the text, or the file's length column. */
  readonly length: number | null;
  /** The campaign value a campaign spec gives (null for a constant campaign). */
  readonly campaign: string | null;
  readonly language: string | null;
  readonly intent: string | null;
}

/** What reading a record needs besides the record: a call row's context (../mapped/row.ts) with the chat mapping. */
export interface MessageContext extends Omit<RowContext, "mapping"> {
  readonly mapping: ChatMapping;
}

type Kind = "text" | "message-text" | "integer" | "timestamp" | "role";
type Value = string | number | Date;
/** A value, null (no value), or undefined (bad: an issue was recorded). */
type Result = Value | null | undefined;
type Spec = Record<string, unknown> & {
  column?: string;
  template?: string;
  firstOf?: string[];
  date?: string;
  value?: string | number;
  pattern?: string;
  map?: Record<string, string>;
  nullValues?: string[];
  required?: boolean;
  when?: Condition;
  dateFormat?: string;
  timeFormat?: string;
};

const INT = /^\d+$/;
const patterns = new Map<string, RegExp>();
const regex = (p: string): RegExp => {
  let r = patterns.get(p);
  if (!r) {
    r = new RegExp(p);
    patterns.set(p, r);
  }
  return r;
};

/** Reads record number `index` (0-based, in file order) into a message, or returns its issues. */
export function readMessage(
  record: ChatRecord,
  index: number,
  ctx: MessageContext,
): ChatMessage | { issues: RowIssue[] } {
  const f = new FieldReader(record, ctx);
  const m = ctx.mapping;
  const fields = m.fields;
  const str = (v: Result) => (v === undefined || v === null ? null : String(v));
  const author = str(f.field("author", fields.author, "text", true));
  const sender = f.sender(fields.sender, author);
  const agentValue = fields.agent_id === undefined ? author : str(f.field("agent_id", fields.agent_id, "text", false));
  const text = fields.text === undefined ? null : str(f.field("text", fields.text, "message-text", false));
  const lengthColumn =
    fields.length_chars === undefined ? null : f.field("length_chars", fields.length_chars, "integer", false);
  const message: ChatMessage = {
    index,
    line: record.line,
    record,
    messageId:
      fields.message_id === undefined
        ? null
        : str(f.field("message_id", fields.message_id, "text", fields.reply_to !== undefined)),
    conversation:
      fields.conversation_id === undefined
        ? null
        : str(f.field("conversation_id", fields.conversation_id, "text", true)),
    replyTo: fields.reply_to === undefined ? null : str(f.field("reply_to", fields.reply_to, "text", false)),
    sentAt: (f.field("sent_at", fields.sent_at, "timestamp", true) as Date | null | undefined) ?? null,
    author,
    sender: sender ?? "contact", // a message without a sender is refused below
    agent: sender === "agent" ? agentValue : null,
    text: m.storeText ? text : null,
    length: typeof lengthColumn === "number" ? lengthColumn : text === null ? null : [...text].length,
    campaign: "id" in m.campaign ? null : str(f.field("campaign", m.campaign as ChatFieldSpec, "text", false)),
    language: fields.language === undefined ? null : str(f.field("language", fields.language, "text", false)),
    intent: fields.intent === undefined ? null : str(f.field("intent", fields.intent, "text", false)),
  };
  // Keys and the sender cannot be empty even when no case applies: say so on the field's column.
  const needed: [string, unknown, boolean][] = [
    ["sender", fields.sender, sender === null],
    ["conversation_id", fields.conversation_id, fields.conversation_id !== undefined && message.conversation === null],
    ["message_id", fields.message_id, fields.reply_to !== undefined && message.messageId === null],
  ];
  for (const [name, spec, missing] of needed)
    if (missing) f.r.fail(primaryColumn(spec) ?? "-", `gives no ${name} (no case applies), which is required`);
  if (f.r.issues.length > 0 || sender === undefined || sender === null) return { issues: f.issues() };
  return message;
}

/** Field values of one record, read with the call mapping's RowReader. */
class FieldReader {
  readonly r: RowReader;

  constructor(
    private readonly record: ChatRecord,
    private readonly ctx: MessageContext,
  ) {
    // RowReader reads only `conditions` of its mapping here: every other default is passed in each spec.
    const view = { conditions: ctx.mapping.conditions } as unknown as Mapping;
    const rowCtx: RowContext = { ...ctx, mapping: view };
    this.r = new RowReader({ line: record.line, cells: record.cells }, rowCtx);
  }

  /** The issues, named as the file names its columns (JSON paths for JSON), "is missing" for absent keys. */
  issues(): RowIssue[] {
    return this.r.issues.map((i) => ({
      ...i,
      column: this.record.where(i.column),
      reason: i.reason === "is empty" && this.record.missing.has(i.column) ? "is missing" : i.reason,
    }));
  }

  /** The value of field `name` (see the module comment for `when`, cases and `required`). */
  field(name: string, raw: ChatFieldSpec, kind: Kind, required: boolean): Result {
    const specs = (typeof raw === "string" ? [{ column: raw }] : "cases" in raw ? raw.cases : [raw]) as Spec[];
    const evaluated = specs.map((s) => ({
      s,
      value: this.source(s, kind),
      when: s.when === undefined ? true : this.r.condition(s.when),
    }));
    if (evaluated.some((e) => e.value === undefined || e.when === undefined)) return undefined;
    const chosen = evaluated.find((e) => e.when);
    if (!chosen || chosen.value !== null || !(chosen.s.required ?? required)) return chosen?.value ?? null;
    const { column, firstOf, date } = chosen.s;
    if (column !== undefined || date !== undefined) return this.r.fail(column ?? (date as string), "is empty");
    if (firstOf)
      return this.r.fail(
        firstOf[0] as string,
        `is empty, and so are ${firstOf.slice(1).join(", ") || "none"}: no ${name}`,
      );
    const placeholder = /\{([^{}]+)\}/.exec(chosen.s.template ?? "")?.[1] ?? "-";
    return this.r.fail(placeholder, `gives no ${name}, which is required`);
  }

  /** Who sent a message: a role from a field, or agent/contact by author list, author pattern or condition. */
  sender(spec: ChatMapping["fields"]["sender"], author: string | null): Role | null | undefined {
    if (typeof spec === "object" && "agentAuthors" in spec) {
      const fold = (s: string) => (this.ctx.mapping.ignoreAuthorCase ? s.toLowerCase() : s);
      return author !== null && spec.agentAuthors.some((a) => fold(a) === fold(author)) ? "agent" : "contact";
    }
    if (typeof spec === "object" && "agentAuthorPattern" in spec)
      return author !== null && regex(spec.agentAuthorPattern).test(author) ? "agent" : "contact";
    if (typeof spec === "object" && "agentWhen" in spec) {
      const holds = this.r.condition(spec.agentWhen);
      return holds === undefined ? undefined : holds ? "agent" : "contact";
    }
    return this.field("sender", spec as ChatFieldSpec, "role", true) as Role | null | undefined;
  }

  /** One spec's value, before its `when`. */
  source(s: Spec, kind: Kind): Result {
    if (s.value !== undefined) return s.value;
    if (kind === "timestamp") return this.timestamp(s);
    const r = this.r;
    let col = s.column ?? s.firstOf?.[0] ?? /\{([^{}]+)\}/.exec(s.template ?? "")?.[1] ?? "-";
    let raw: string | null;
    if (s.template !== undefined) raw = (r.template(s.template, false, s.nullValues) as string | null) ?? null;
    else {
      if (s.firstOf) col = s.firstOf.find((c) => r.text(c) !== "") ?? col;
      const t = r.text(col);
      raw = t === "" ? null : kind === "message-text" ? cellText(r.cell(col)) : t;
    }
    if (raw === null || s.nullValues?.includes(raw)) return null;
    if (s.pattern !== undefined) {
      const match = regex(s.pattern).exec(raw);
      if (!match) return null;
      raw = match[1] ?? match[0];
    }
    if (s.map) {
      if (!Object.hasOwn(s.map, raw)) return r.fail(col, `is not one of ${Object.keys(s.map).join(", ")}`);
      raw = s.map[raw] as string;
    }
    if (kind === "integer") {
      const cell = r.cell(col);
      const n = typeof cell === "number" && s.map === undefined ? cell : INT.test(raw) ? Number(raw) : Number.NaN;
      return Number.isInteger(n) && n >= 0 ? n : r.fail(col, "is not a whole number >= 0");
    }
    if (kind === "role" && !(ROLES as readonly string[]).includes(raw))
      return r.fail(
        col,
        `is not a sender role (${ROLES.join(", ")}): give a "map", e.g. {"True": "contact", "False": "agent"}`,
      );
    return raw;
  }

  /** A timestamp: named formats of ./times.ts here, everything else through RowReader. */
  timestamp(s: Spec): Result {
    const m = this.ctx.mapping;
    const dateFormat = s.dateFormat ?? m.dateFormat ?? (s.date !== undefined ? "YYYY-MM-DD" : "iso-8601");
    const timeFormat = s.timeFormat ?? m.timeFormat ?? "H:MM:SS";
    const col = s.column;
    const cell = col === undefined ? null : this.r.cell(col);
    if (col === undefined || !isOwnFormat(dateFormat) || cell instanceof Date) {
      // A workbook's date cell is a wall clock whatever the format says: RowReader reads it in the zone.
      const spec = { ...s, dateFormat: isOwnFormat(dateFormat) ? "iso-8601" : dateFormat, timeFormat, required: false };
      // "ended_at": any call field but started_at, whose date RowReader keeps for time-only fields (none here).
      return this.r.timestamp("ended_at", spec as Parameters<RowReader["timestamp"]>[1], false) as
        | Date
        | null
        | undefined;
    }
    const t = this.r.text(col);
    if (t === "" || s.nullValues?.includes(t)) return null;
    const at = parseOwnFormat(typeof cell === "number" ? cell : t, dateFormat);
    if (failed(at)) return this.r.fail(col, at.reason);
    return isInYearRange(at) ? at : this.r.fail(col, YEAR_RANGE_REASON);
  }
}
