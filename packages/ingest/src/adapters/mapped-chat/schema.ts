/**
 * The chat mapping format (docs/mapping.md, "Chat logs"): how a message log in csv, tsv, xlsx, JSON or
 * NDJSON maps onto canonical messages, from which conversations, assignments, contacts, agents and
 * campaigns are derived (./derive.ts). A zod schema in the style of the call mapping (../mapped/schema.ts),
 * sharing its conditions, templates and time formats; the JSON Schema shipped in
 * packages/ingest/mappings/chat-mapping.schema.json is generated from it ({@link chatMappingJsonSchema}),
 * and a test keeps the two equal.
 */
import { z } from "zod";
import { datePattern, failed } from "../mapped/formats";
import {
  type Condition,
  checkTableFormat,
  conditionChecker,
  conditionSchema,
  fieldUnion,
  mappingZone,
  namedConditions,
  oneOf,
  type Path,
  sourceName,
  tableFormat,
  template,
  timeFormat,
} from "../mapped/schema";
import { type ParsedPath, parsePath, wildcards } from "./paths";

/** Sender roles of canonical messages (packages/warehouse/src/schema.ts `messages.sender`). */
export const ROLES = ["contact", "agent", "bot", "system"] as const;
/** A sender role. */
export type Role = (typeof ROLES)[number];

/**
 * Timestamp formats with a name, for one cell holding the whole instant: ISO 8601 (an offset wins over
 * the zone), RFC 2822 (`Tue, 31 Oct 2017 22:10:47 +0000`, also `GMT`, `EST`, ...), the Twitter API's
 * `Tue Oct 31 22:10:47 +0000 2017`, Unix seconds or milliseconds, and Excel serials.
 */
export const NAMED_FORMATS = [
  "iso-8601",
  "rfc-2822",
  "twitter",
  "unix-seconds",
  "unix-milliseconds",
  "excel-serial",
] as const;

const column = z.string().min(1).meta({
  description:
    'A column: in csv/tsv/xlsx its exact header text; in JSON/NDJSON a path in the record (`message`, `user.name`, `["Date (UTC)"]`), or from the root with `$` (`$[*].dialogHeader.company`).',
});

const regex = z
  .string()
  .min(1)
  .refine(
    (p) => {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    },
    { error: (iss) => `is not a JavaScript regular expression: ${regexError(String(iss.input))}` },
  )
  .meta({ description: "A JavaScript regular expression (no flags)." });

function regexError(p: string): string {
  try {
    new RegExp(p);
    return "";
  } catch (e) {
    return (e as Error).message;
  }
}

const dateFormat = z
  .string()
  .refine((f) => (NAMED_FORMATS as readonly string[]).includes(f) || !failed(datePattern(f)), {
    error: (iss) => {
      const p = datePattern(String(iss.input));
      return `is not a date format: ${failed(p) ? p.reason : ""} (use tokens YYYY|YY, MM|M, DD|D, or ${NAMED_FORMATS.join(", ")})`;
    },
  })
  .meta({
    description: `A date pattern ('YYYY-MM-DD', 'DD/MM/YYYY': YYYY|YY, MM|M, DD|D) read with timeFormat, or a one-cell instant: ${NAMED_FORMATS.join(", ")}.`,
  });

const common = {
  when: conditionSchema.optional().meta({ description: "The field applies only when this condition holds." }),
  required: z.boolean().optional().meta({
    description:
      "When the field applies, a record that gives it no value is an error (default true for sent_at, author, sender; false otherwise).",
  }),
  nullValues: z.array(z.string()).optional().meta({ description: "Cell texts that mean 'no value'." }),
  note: z.string().optional().meta({ description: "Free text: why the field maps this way." }),
};

const textSources = {
  column: column.optional(),
  template: template.optional(),
  firstOf: z
    .array(column)
    .min(1)
    .optional()
    .meta({ description: "Columns in order: the first that is not empty gives the value." }),
};
const pattern = regex.optional().meta({
  description:
    "Searched in the value; the value becomes the first capture group (the whole match when the pattern has none), and no match gives no value.",
});

const textSpec = z
  .strictObject({
    ...textSources,
    value: z.string().optional().meta({ description: "A constant." }),
    pattern,
    map: z
      .record(z.string(), z.string())
      .optional()
      .meta({ description: "Value to value (after pattern); other values are errors." }),
    ...common,
  })
  .refine(oneOf("column", "template", "firstOf", "value"), {
    message: "needs exactly one of column, template, firstOf, value",
  });

const role = z.enum(ROLES);
const senderTextSpec = z
  .strictObject({
    ...textSources,
    value: role.optional().meta({ description: "A constant role." }),
    pattern,
    map: z
      .record(z.string(), role)
      .optional()
      .meta({ description: 'Value to role, e.g. {"True": "contact", "False": "agent"}; other values are errors.' }),
    ...common,
  })
  .refine(oneOf("column", "template", "firstOf", "value"), {
    message: "needs exactly one of column, template, firstOf, value",
  });
const agentAuthors = z
  .strictObject({
    agentAuthors: z
      .array(z.string().min(1))
      .min(1)
      .meta({ description: "Authors that are the company's own handles: their messages are agent messages." }),
    note: z.string().optional(),
  })
  .meta({
    id: "ChatAgentAuthors",
    description: "Messages of these authors are agent messages, the rest contact ones.",
  });
const agentAuthorPattern = z
  .strictObject({
    agentAuthorPattern: regex.meta({ description: "Authors matching it are agents." }),
    note: z.string().optional(),
  })
  .meta({
    id: "ChatAgentAuthorPattern",
    description: "Messages of authors matching the pattern are agent messages, the rest contact ones.",
  });
const agentWhen = z.strictObject({ agentWhen: conditionSchema, note: z.string().optional() }).meta({
  id: "ChatAgentWhen",
  description: "Messages for which the condition holds are agent messages, the rest contact ones.",
});

const integerSpec = z
  .strictObject({ column: column.optional(), value: z.int().min(0).optional(), ...common })
  .refine(oneOf("column", "value"), { message: "needs exactly one of column, value" });

const timestampSpec = z
  .strictObject({
    column: column.optional().meta({ description: "One cell with date and time (or a named format's instant)." }),
    date: column.optional().meta({ description: "The cell with the calendar date." }),
    time: column.optional().meta({ description: "The cell with the time of day (with date)." }),
    dateFormat: dateFormat.optional(),
    timeFormat: timeFormat.optional(),
    ...common,
  })
  .refine((s) => (s.column === undefined) !== (s.date === undefined), {
    message: "needs column, or date (and time)",
  })
  .refine((s) => s.time === undefined || s.date !== undefined, { message: "time needs date" });

/** A field of the chat mapping: the call mapping's {@link fieldUnion} of `spec`, with ids prefixed `Chat`. */
function field<T extends z.ZodType>(spec: T, id: string, error: string) {
  return fieldUnion(
    column,
    spec.meta({ id: `Chat${id}Spec` }),
    `Chat${id}`,
    error,
    "Alternatives: the first whose `when` holds (or that has none) gives the value.",
  );
}

const text = field(
  textSpec,
  "Text",
  "is not a text field: give a column name, an object with column, template, firstOf or value, or cases",
);
const integer = field(
  integerSpec,
  "Integer",
  "is not an integer field: give a column name, an object with column or value, or cases",
);
const timestamp = field(
  timestampSpec,
  "Timestamp",
  "is not a timestamp field: give a column name, an object with column or date (and time), or cases",
);
const sender = z
  .union([field(senderTextSpec, "Sender", ""), agentAuthors, agentAuthorPattern, agentWhen], {
    error:
      "is not a sender field: give a column of roles, an object with column and map, cases, agentAuthors, agentAuthorPattern or agentWhen",
  })
  .meta({ id: "ChatSender" });

/** The canonical message fields a chat mapping fills (packages/warehouse/src/schema.ts `messages`). */
const fieldsSchema = z
  .strictObject({
    message_id: text.optional().meta({
      description: "Message key '{source}:{value}'; without it '{conversation_id}:{seq}'. Needed by reply_to.",
    }),
    conversation_id: text
      .optional()
      .meta({ description: "Conversation key '{source}:{value}'. Give this or reply_to." }),
    reply_to: text.optional().meta({
      description:
        "The id of the message this one answers: threads are rebuilt from it, each keyed '{source}:{id of its first message}'.",
    }),
    sent_at: timestamp.meta({ description: "When the message was sent." }),
    author: text.meta({ description: "Who wrote it: contacts and (by default) agents are keyed by it." }),
    sender: sender.meta({ description: "contact, agent, bot or system." }),
    agent_id: text.optional().meta({ description: "The agent of an agent message; default: its author." }),
    text: text
      .optional()
      .meta({ description: "The message text: length_chars is measured on it; stored only with storeText." }),
    length_chars: integer.optional().meta({ description: "Text length in characters, when the file gives it." }),
    language: text.optional(),
    intent: text.optional(),
  })
  .meta({ description: "Canonical messages field -> where its value comes from." });

const campaignConstant = z
  .strictObject({
    id: z.string().min(1).meta({ description: "campaign_id, as written." }),
    name: z.string().min(1),
  })
  .meta({ id: "ChatCampaignConstant", description: "One campaign for every conversation of the file." });
const campaignFromColumn = z
  .strictObject({
    ...textSources,
    pattern,
    map: z.record(z.string(), z.string()).optional(),
    when: common.when,
    nullValues: common.nullValues,
    note: common.note,
    default: campaignConstant
      .optional()
      .meta({ description: "The campaign of conversations none of whose messages gives one." }),
  })
  .refine(oneOf("column", "template", "firstOf"), { message: "needs exactly one of column, template, firstOf" })
  .meta({
    id: "ChatCampaignColumn",
    description:
      "Campaign '{source}:{value}' (name: the value) from the first message of the conversation that gives one.",
  });

const formatSchema = z.strictObject({
  type: z.enum(["csv", "tsv", "xlsx", "json", "ndjson"]),
  ...tableFormat,
  headerRow: z
    .int()
    .min(1)
    .optional()
    .meta({ description: "csv, tsv, xlsx: line (sheet row) of the header, default 1." }),
  records: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .optional()
    .meta({
      description:
        "json, ndjson: where the message records are, as $-paths with [*] (default $[*]: each element of the top-level array, each line of NDJSON); a list reads each in turn.",
    }),
});

const chatMappingObject = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal("chat").meta({ description: "Marks a chat mapping (call mappings have no kind)." }),
  description: z.string().optional(),
  format: formatSchema,
  source: sourceName("twcs"),
  channel: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*$/, "must be lower-case letters, digits, '_' and '-'")
    .optional()
    .meta({ description: "Channel of the conversations and campaigns: 'chat' (default), 'twitter', 'whatsapp', ..." }),
  campaign: z.union([campaignConstant, campaignFromColumn], {
    error: 'is not a campaign: give { "id", "name" } or an object with column, template or firstOf',
  }),
  timezone: mappingZone,
  dateFormat: dateFormat
    .optional()
    .meta({ description: "Default date format (iso-8601 for one-cell timestamps, YYYY-MM-DD with a time column)." }),
  timeFormat: timeFormat.optional().meta({ description: "Default time format (H:MM:SS)." }),
  storeText: z
    .boolean()
    .optional()
    .meta({ description: "Store message text (personal data). Default false: only its length is kept." }),
  ignoreAuthorCase: z
    .boolean()
    .optional()
    .meta({ description: "Authors differing only in case are one person (Twitter handles). Default false." }),
  agentKeys: z.enum(["source", "campaign"]).optional().meta({
    description:
      "Agent keys '{source}:{agent}' (default) or '{campaign_id}:{agent}' (initials that repeat across companies).",
  }),
  assignments: z.enum(["per-agent", "per-conversation"]).optional().meta({
    description:
      "One assignment per agent who replied in a conversation (default), or one per conversation, for its first agent reply.",
  }),
  conditions: namedConditions,
  fields: fieldsSchema,
});

/** A validated chat mapping. */
export type ChatMapping = z.infer<typeof chatMappingObject>;
/** Message fields a chat mapping can fill. */
export type ChatField = keyof ChatMapping["fields"];
/** A field's spec: a column name, a spec object, cases, or (sender only) an author or condition rule. */
export type ChatFieldSpec = NonNullable<ChatMapping["fields"][ChatField]>;
/** The campaign of a chat mapping: a constant or a spec. */
export type ChatCampaign = ChatMapping["campaign"];

/** The chat mapping file (docs/mapping.md), with the checks that span fields. */
export const chatMappingSchema = chatMappingObject
  .superRefine(crossCheck, { when: (payload) => payload.issues.length === 0 })
  .meta({
    title: "Tallyline chat-log mapping",
    description:
      "How a message log (csv, tsv, xlsx, JSON, NDJSON) maps onto canonical messages, conversations and assignments (docs/mapping.md).",
  });

/** The records paths of a mapping (default `$[*]`). */
export const recordsPaths = (m: ChatMapping): string[] =>
  m.format.records === undefined ? ["$[*]"] : ([] as string[]).concat(m.format.records);

/** True for JSON and NDJSON mappings, whose columns are paths. */
export const isJson = (m: ChatMapping): boolean => m.format.type === "json" || m.format.type === "ndjson";

/** Checks across fields: format options, field pairs, conditions, JSON paths, one-cell formats. */
function crossCheck(m: ChatMapping, ctx: z.RefinementCtx): void {
  const issue = (path: Path, message: string) => ctx.addIssue({ code: "custom", path, message });
  const type = m.format.type;
  const json = isJson(m);
  checkTableFormat(m.format, issue);
  if (m.format.headerRow !== undefined && json) issue(["format", "headerRow"], "is for csv, tsv and xlsx only");
  if (m.format.records !== undefined && !json) issue(["format", "records"], "is for json and ndjson only");
  if ((m.fields.conversation_id === undefined) === (m.fields.reply_to === undefined))
    issue(["fields"], "needs exactly one of conversation_id (a column) or reply_to (threads rebuilt from replies)");
  if (m.fields.reply_to !== undefined && m.fields.message_id === undefined)
    issue(["fields", "message_id"], "is needed with reply_to: replies name the message they answer by its id");

  const checkRefs = conditionChecker(m.conditions, issue);
  for (const [spec, path] of everySpec(m)) {
    for (const key of ["when", "agentWhen"] as const) {
      const c = (spec as Record<string, unknown>)[key] as Condition | undefined;
      if (c) checkRefs(c, [...path, key]);
    }
    const df = (spec as { dateFormat?: string }).dateFormat ?? m.dateFormat;
    if ("date" in spec && spec.date !== undefined && df !== undefined && isNamed(df))
      issue([...path, "dateFormat"], `${df} is for a single column with the whole instant`);
  }

  if (!json) return;
  const records = recordsPaths(m).map((p) => parsePath(p));
  const depth = Math.min(
    ...records.map((p, i) => {
      const at =
        m.format.records === undefined
          ? ["format"]
          : typeof m.format.records === "string"
            ? ["format", "records"]
            : ["format", "records", i];
      if ("reason" in p) issue(at, p.reason);
      else if (!p.absolute) issue(at, "must start at the root: $");
      else if (type === "ndjson" && !("each" in (p.steps[0] ?? {})))
        issue(at, "must start with $[*] in NDJSON (each line is one element of the root)");
      return "reason" in p ? 0 : wildcards(p);
    }),
  );
  for (const [col, path] of columnsOf(m)) {
    const p = parsePath(col);
    if ("reason" in p) issue(path, p.reason);
    else if (p.absolute && wildcards(p) > depth)
      issue(
        path,
        `has ${wildcards(p)} [*] but the records path has ${depth}: each [*] stands for an element the record lies in`,
      );
  }
}

const isNamed = (f: string) => (NAMED_FORMATS as readonly string[]).includes(f);

/** Every spec object of the mapping (fields, with their cases, and the campaign) with its JSON path. */
export function everySpec(m: ChatMapping): [Record<string, unknown> & object, Path][] {
  const out: [Record<string, unknown>, Path][] = [];
  for (const [name, spec] of Object.entries(m.fields) as [string, ChatFieldSpec | undefined][]) {
    if (spec === undefined || typeof spec === "string") continue;
    if ("cases" in spec)
      for (const [i, c] of spec.cases.entries()) out.push([c as Record<string, unknown>, ["fields", name, "cases", i]]);
    else out.push([spec as Record<string, unknown>, ["fields", name]]);
  }
  if (!("id" in m.campaign)) out.push([m.campaign as Record<string, unknown>, ["campaign"]]);
  return out;
}

/** Every column the mapping reads (fields, cases, conditions, templates, campaign) with a JSON path where it is named. */
export function columnsOf(m: ChatMapping): [string, Path][] {
  const out: [string, Path][] = [];
  const fromCondition = (c: Condition, path: Path): void => {
    if ("all" in c || "any" in c)
      for (const [i, x] of ("all" in c ? c.all : c.any).entries())
        fromCondition(x, [...path, "all" in c ? "all" : "any", i]);
    else if ("not" in c) fromCondition(c.not, [...path, "not"]);
    else if ("column" in c) out.push([c.column, [...path, "column"]]);
  };
  for (const [name, spec] of Object.entries(m.fields) as [string, ChatFieldSpec | undefined][])
    if (typeof spec === "string") out.push([spec, ["fields", name]]);
  for (const [spec, path] of everySpec(m)) {
    for (const key of ["column", "date", "time"]) {
      const c = spec[key];
      if (typeof c === "string") out.push([c, [...path, key]]);
    }
    const firstOf = spec.firstOf;
    if (Array.isArray(firstOf))
      for (const [i, c] of firstOf.entries()) out.push([c as string, [...path, "firstOf", i]]);
    if (typeof spec.template === "string")
      for (const match of spec.template.matchAll(/\{([^{}]+)\}/g))
        out.push([match[1] as string, [...path, "template"]]);
    for (const key of ["when", "agentWhen"]) if (spec[key]) fromCondition(spec[key] as Condition, [...path, key]);
  }
  for (const [name, c] of Object.entries(m.conditions ?? {})) fromCondition(c, ["conditions", name]);
  return out;
}

/**
 * The column an issue about a whole field is reported on: its (first case's) first column, else the
 * first column its `when` compares (a case that gives a constant), if any.
 */
export function primaryColumn(spec: unknown): string | undefined {
  if (typeof spec === "string") return spec;
  if (typeof spec !== "object" || spec === null) return undefined;
  const s = ("cases" in spec ? (spec as { cases: unknown[] }).cases[0] : spec) as Record<string, unknown>;
  const template = typeof s.template === "string" ? /\{([^{}]+)\}/.exec(s.template)?.[1] : undefined;
  const compared = (c: Condition | undefined): string | undefined =>
    c === undefined
      ? undefined
      : "all" in c || "any" in c
        ? compared(("all" in c ? c.all : c.any)[0])
        : "not" in c
          ? compared(c.not)
          : "column" in c
            ? c.column
            : undefined;
  const first = s.column ?? s.date ?? (s.firstOf as string[] | undefined)?.[0] ?? template;
  return (first as string | undefined) ?? compared(s.when as Condition | undefined);
}

/** The parsed path of every column a JSON mapping reads, by column text. */
export function parsedColumns(m: ChatMapping): Map<string, ParsedPath> {
  const out = new Map<string, ParsedPath>();
  for (const [col] of columnsOf(m)) {
    const p = parsePath(col);
    if (!("reason" in p)) out.set(col, p);
  }
  return out;
}

/** The JSON Schema (draft 2020-12) of the chat mapping format. */
export function chatMappingJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(chatMappingSchema, { target: "draft-2020-12", io: "input" }) as Record<string, unknown>;
}
