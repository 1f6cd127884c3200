/**
 * The mapping file format (docs/mapping.md): how a spreadsheet or delimited call log maps onto the
 * canonical `calls` table, as a zod schema. The JSON Schema shipped in
 * packages/ingest/mappings/mapping.schema.json is generated from it ({@link mappingJsonSchema}), and a
 * test keeps the two equal.
 */
import { isValidTimeZone } from "@tallyline/warehouse/time";
import { z } from "zod";
import { datePattern, failed, timePattern } from "./formats";

/**
 * A condition over the columns of one row (docs/mapping.md "Rules"): a comparison of one column,
 * `all` / `any` of conditions, `not`, or a reference to a named condition of the mapping.
 */
export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | { readonly condition: string }
  | Comparison;

/** Comparison operators of a {@link Comparison}; exactly one per comparison. */
export const OPERATORS = ["equals", "notEquals", "in", "notIn", "gt", "gte", "lt", "lte", "empty"] as const;

/** One column compared with one operator. */
export interface Comparison {
  readonly column: string;
  readonly equals?: string | number;
  readonly notEquals?: string | number;
  readonly in?: readonly (string | number)[];
  readonly notIn?: readonly (string | number)[];
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
  readonly empty?: boolean;
}

const column = z.string().min(1).meta({ description: "A column of the header row, by its exact name." });
const scalar = z.union([z.string(), z.number()]);

const comparison = z
  .strictObject({
    column,
    equals: scalar.optional().meta({ description: "Text equality; a number compares numerically." }),
    notEquals: scalar.optional().meta({ description: "Negation of equals; true for an empty cell." }),
    in: z.array(scalar).min(1).optional().meta({ description: "Equals one of these." }),
    notIn: z.array(scalar).min(1).optional().meta({ description: "Equals none of these; true for an empty cell." }),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    empty: z.boolean().optional().meta({ description: "true: the cell is empty; false: it has a value." }),
  })
  .refine((c) => OPERATORS.filter((op) => c[op] !== undefined).length === 1, {
    message: `needs exactly one operator of ${OPERATORS.join(", ")}`,
  })
  .meta({ id: "Comparison", description: "One column compared with exactly one operator." });

/** A condition (recursive: `all`, `any` and `not` hold conditions). */
export const conditionSchema: z.ZodType<Condition> = z
  .union(
    [
      z.strictObject({
        get all(): z.ZodArray<z.ZodType<Condition>> {
          return z.array(conditionSchema).min(1);
        },
      }),
      z.strictObject({
        get any(): z.ZodArray<z.ZodType<Condition>> {
          return z.array(conditionSchema).min(1);
        },
      }),
      z.strictObject({
        get not(): z.ZodType<Condition> {
          return conditionSchema;
        },
      }),
      z.strictObject({ condition: z.string().min(1).meta({ description: "Name of a condition in `conditions`." }) }),
      comparison,
    ],
    { error: "is not a condition: use all, any, not, condition, or column with one operator" },
  )
  .meta({ id: "Condition", description: "A rule over the cells of one row (docs/mapping.md, Rules)." });

const TEMPLATE = /^(?:[^{}]|\{[^{}]+\})*$/;
/** A template of column names in braces (also read by the chat mapping). */
export const template = z
  .string()
  .regex(TEMPLATE, "has unbalanced braces")
  .regex(/\{[^{}]+\}/, "names no column: write columns as {name}")
  .meta({ description: 'Text with {column} placeholders, e.g. "{vru+line}:{call_id}".' });

const dateFormat = z
  .string()
  .refine((f) => f === "excel-serial" || f === "iso-8601" || !failed(datePattern(f)), {
    error: (iss) => {
      const p = datePattern(String(iss.input));
      return `is not a date format: ${failed(p) ? p.reason : ""} (use tokens YYYY|YY, MM|M, DD|D, or excel-serial, iso-8601)`;
    },
  })
  .meta({
    description: "'YYYY-MM-DD', 'YYMMDD', 'DD/MM/YYYY', ... (YYYY|YY, MM|M, DD|D), 'excel-serial' or 'iso-8601'.",
  });
/** A time-of-day format (also read by the chat mapping). */
export const timeFormat = z
  .string()
  .refine((f) => f === "excel-fraction" || !failed(timePattern(f)), {
    error: (iss) => {
      const p = timePattern(String(iss.input));
      return `is not a time format: ${failed(p) ? p.reason : ""} (use tokens H|HH, MM, SS, or excel-fraction)`;
    },
  })
  .meta({ description: "'H:MM:SS', 'HH:MM', ... (H|HH, MM, SS) or 'excel-fraction'." });
const durationFormat = z.enum(["seconds", "minutes", "H:MM:SS", "excel-fraction"]).meta({
  description:
    "How durations are written in text cells. Numeric workbook cells follow it too; date cells are day fractions.",
});
const negativePolicy = z
  .enum(["clamp", "reject"])
  .meta({ description: "A negative duration: 'clamp' to 0 and keep the row, or 'reject' the row." });

const common = {
  when: conditionSchema.optional().meta({ description: "The field is empty (NULL) unless this condition holds." }),
  required: z
    .boolean()
    .optional()
    .meta({ description: "An empty cell is an error (default: true for call_id, started_at, answered, abandoned)." }),
  nullValues: z
    .array(z.string())
    .optional()
    .meta({ description: 'Cell texts that mean \'no value\', e.g. ["NO_SERVER"], ["0"].' }),
  note: z.string().optional().meta({ description: "Free text: why the field maps this way." }),
};

/** Exactly one of `keys` is set on `spec` (a refinement of field specs; also used by the chat mapping). */
export const oneOf =
  (...keys: string[]) =>
  (spec: Record<string, unknown>) =>
    keys.filter((k) => spec[k] !== undefined).length === 1;

const textSpec = z
  .strictObject({
    column: column.optional(),
    template: template.optional(),
    value: z.string().optional().meta({ description: "A constant." }),
    map: z
      .record(z.string(), z.string())
      .optional()
      .meta({ description: "Cell text to value; other texts are errors." }),
    ...common,
  })
  .refine(oneOf("column", "template", "value"), { message: "needs exactly one of column, template, value" });
const integerSpec = z
  .strictObject({
    column: column.optional(),
    value: z.int().optional(),
    map: z.record(z.string(), z.int()).optional(),
    ...common,
  })
  .refine(oneOf("column", "value"), { message: "needs exactly one of column, value" });
const booleanSpec = z
  .strictObject({
    column: column.optional(),
    rule: conditionSchema.optional().meta({ description: "True when this condition holds." }),
    value: z.boolean().optional(),
    map: z
      .record(z.string(), z.boolean())
      .optional()
      .meta({ description: 'e.g. {"Y": true, "N": false}; without a map: true/false, 1/0, or boolean cells.' }),
    ...common,
  })
  .refine(oneOf("column", "rule", "value"), { message: "needs exactly one of column, rule, value" });
const durationSpec = z
  .strictObject({
    column: column.optional(),
    value: z.number().optional(),
    format: durationFormat.optional(),
    negative: negativePolicy.optional(),
    ...common,
  })
  .refine(oneOf("column", "value"), { message: "needs exactly one of column, value" });
const timestampSpec = z
  .strictObject({
    column: column
      .optional()
      .meta({ description: "One cell with date and time (or an excel-serial / iso-8601 instant)." }),
    date: column.optional().meta({ description: "The cell with the calendar date." }),
    time: column.optional().meta({
      description: "The cell with the time of day; alone, the date is started_at's (next day when over 12 h earlier).",
    }),
    dateFormat: dateFormat.optional(),
    timeFormat: timeFormat.optional(),
    ...common,
  })
  .refine((s) => (s.column === undefined) !== (s.date === undefined && s.time === undefined), {
    message: "needs column, or date and/or time",
  });

/**
 * A field of a mapping (also the chat mapping's): a column name (`column`, the shorthand), the spec
 * `one`, or `cases` of it (the first case whose `when` holds gives the value); `error` when none
 * fits; named `<id>Field` in the JSON Schema.
 */
export function fieldUnion<C extends z.ZodType, T extends z.ZodType>(
  column: C,
  one: T,
  id: string,
  error: string,
  casesDescription: string,
) {
  return z
    .union(
      [
        column,
        one,
        z.strictObject({
          cases: z.array(one).min(1).meta({ description: casesDescription }),
          note: z.string().optional(),
        }),
      ],
      { error },
    )
    .meta({ id: `${id}Field` });
}

/** A field spec of the call mapping: {@link fieldUnion} of `spec`, named after `kind`. */
function field<T extends z.ZodType>(spec: T, kind: string) {
  const id = `${kind[0]?.toUpperCase()}${kind.slice(1)}`;
  return fieldUnion(
    column,
    spec.meta({ id: `${id}Spec` }),
    id,
    `is not a ${kind} field: give a column name, an object with column (or another source), or cases`,
    "Alternatives: the first whose `when` holds gives the value.",
  );
}

const text = field(textSpec, "text");
const integer = field(integerSpec, "integer");
const boolean = field(booleanSpec, "boolean");
const duration = field(durationSpec, "duration");
const timestamp = field(timestampSpec, "timestamp");

/** The canonical `calls` fields a mapping can fill (packages/warehouse/src/schema.ts). */
export const fieldsSchema = z
  .strictObject({
    call_id: text.meta({ description: "Natural key; written as '{source}:{value}'." }),
    agent_id: text.optional().meta({ description: "Agent key, '{source}:{value}'; each one becomes an agents row." }),
    contact_id: text.optional().meta({ description: "Caller key, '{source}:{value}'." }),
    queue: text.optional(),
    topic: text.optional(),
    outcome: text.optional().meta({ description: "The source's own outcome code." }),
    priority: integer.optional(),
    csat: integer.optional().meta({ description: "1-5; other values are errors." }),
    started_at: timestamp,
    queued_at: timestamp.optional(),
    answered_at: timestamp.optional(),
    ended_at: timestamp.optional(),
    ivr_secs: duration.optional(),
    wait_secs: duration.optional(),
    talk_secs: duration.optional(),
    handle_secs: duration.optional(),
    answered: boolean,
    abandoned: boolean,
    resolved: boolean.optional(),
  })
  .meta({ description: "Canonical calls field -> where its value comes from." });

/** A mapping's `source`: the id written to every row and prefixed to keys (`example`: one for the docs). */
export const sourceName = (example: string) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, "must be lower-case letters, digits and '-'")
    .meta({ description: `Written to every row's \`source\` and prefixed to keys, e.g. '${example}'.` });

/** A mapping's `timezone` (IANA), for times without offset (also read by the chat mapping). */
export const mappingZone = z
  .string()
  .refine(isValidTimeZone, "is not an IANA time zone")
  .optional()
  .meta({ description: "Zone of times without offset; when set it wins over --timezone." });

/** A mapping's named `conditions` (also read by the chat mapping). */
export const namedConditions = z
  .record(z.string().regex(/^\w+$/, "names are letters, digits and _"), conditionSchema)
  .optional()
  .meta({ description: 'Named conditions, used as {"condition": name}; they may not refer to each other.' });

/** The csv-only `delimiter` and xlsx-only `sheet` of a mapping's `format` (also read by the chat mapping). */
export const tableFormat = {
  delimiter: z
    .enum([",", ";", "\t", "auto"])
    .optional()
    .meta({ description: "csv only; default auto: the most frequent of , ; and tab in the header line." }),
  sheet: z.string().min(1).optional().meta({ description: "xlsx only; default the first sheet." }),
};

const mappingObject = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  format: z.strictObject({
    type: z.enum(["csv", "tsv", "xlsx"]),
    ...tableFormat,
    headerRow: z.int().min(1).optional().meta({ description: "Line (sheet row) of the header, default 1." }),
  }),
  source: sourceName("pwc"),
  campaign: z.strictObject({
    id: z.string().min(1).meta({ description: "calls.campaign_id, as written." }),
    name: z.string().min(1),
  }),
  timezone: mappingZone,
  dateFormat: dateFormat.optional().meta({ description: "Default date format (YYYY-MM-DD)." }),
  timeFormat: timeFormat.optional().meta({ description: "Default time format (H:MM:SS)." }),
  durationFormat: durationFormat.optional().meta({ description: "Default duration format (seconds)." }),
  negativeDurations: negativePolicy.optional().meta({ description: "Default policy for negative durations (reject)." }),
  conditions: namedConditions,
  fields: fieldsSchema,
});

/** A validated mapping. */
export type Mapping = z.infer<typeof mappingObject>;
/** Canonical calls field names a mapping can fill. */
export type CallField = keyof Mapping["fields"];
/** One field's spec after shorthand: a column name, a spec object, or cases. */
export type FieldSpec = NonNullable<Mapping["fields"][CallField]>;

/** The mapping file (docs/mapping.md), with the checks that span fields. */
export const mappingSchema = mappingObject
  // Only on a mapping whose every field has the right shape: the checks read across fields.
  .superRefine(crossCheck, { when: (payload) => payload.issues.length === 0 })
  .meta({
    title: "Tallyline call-log mapping",
    description: "How a spreadsheet or delimited call log maps onto canonical calls (docs/mapping.md).",
  });

/** Checks that span fields: format options, condition references, timestamps' shapes. */
function crossCheck(m: Mapping, ctx: z.RefinementCtx): void {
  const issue = (path: Path, message: string) => ctx.addIssue({ code: "custom", path, message });
  checkTableFormat(m.format, issue);
  if (typeof m.fields.started_at === "object" && "cases" in m.fields.started_at)
    issue(["fields", "started_at", "cases"], "started_at takes one spec, not cases");
  const checkRefs = conditionChecker(m.conditions, issue);
  for (const [name, spec] of Object.entries(m.fields) as [CallField, FieldSpec][]) {
    for (const [s, path] of specsOf(spec, ["fields", name])) {
      for (const key of ["when", "rule"] as const) {
        const c = (s as { when?: Condition; rule?: Condition })[key];
        if (c) checkRefs(c, [...path, key]);
      }
      if (!("date" in s || "time" in s || "dateFormat" in s || "timeFormat" in s)) continue;
      const ts = s as { column?: string; date?: string; time?: string; dateFormat?: string };
      if (name === "started_at" && ts.time !== undefined && ts.date === undefined)
        issue([...path, "date"], "started_at needs a date (time-only fields take started_at's date)");
      const df = ts.dateFormat ?? m.dateFormat;
      if (ts.column === undefined && df === "iso-8601")
        issue([...path, "dateFormat"], "iso-8601 is for a single column with date and time");
    }
  }
}

/** The spec objects of a field (one, or one per case) with their JSON paths; none for a shorthand column. */
export function specsOf(spec: FieldSpec, path: Path): [Exclude<FieldSpec, string | { cases: unknown }>, Path][] {
  if (typeof spec === "string") return [];
  if ("cases" in spec) return spec.cases.map((c, i) => [c, [...path, "cases", i]]);
  return [[spec, path]];
}

/** A JSON path inside a mapping file. */
export type Path = (string | number)[];
/** Records one issue of a mapping at `path` (a zod refinement's `addIssue`). */
export type IssueAt = (path: Path, message: string) => void;

/** Issues of `format` options that are for another file type: `delimiter` (csv only), `sheet` (xlsx only). */
export function checkTableFormat(format: { type: string; delimiter?: string; sheet?: string }, issue: IssueAt): void {
  if (format.delimiter !== undefined && format.type !== "csv") issue(["format", "delimiter"], "is for csv only");
  if (format.sheet !== undefined && format.type !== "xlsx") issue(["format", "sheet"], "is for xlsx only");
}

/**
 * Checks the named `conditions` of a mapping (none may refer to another) and returns the check of a
 * condition used at `path`: each `{ condition }` it holds must name one of them.
 */
export function conditionChecker(
  conditions: Readonly<Record<string, Condition>> | undefined,
  issue: IssueAt,
): (c: Condition, path: Path) => void {
  const names = Object.keys(conditions ?? {});
  for (const [name, c] of Object.entries(conditions ?? {}))
    for (const [, path] of references(c, ["conditions", name]))
      issue(path, "a named condition may not refer to another");
  return (c, path) => {
    for (const [ref, p] of references(c, path))
      if (!names.includes(ref)) issue(p, `names no condition of "conditions" (${names.join(", ") || "none"})`);
  };
}

/** The `{ condition }` references inside a condition, with their JSON paths. */
function references(c: Condition, path: Path): [string, Path][] {
  if ("all" in c) return c.all.flatMap((x, i) => references(x, [...path, "all", i]));
  if ("any" in c) return c.any.flatMap((x, i) => references(x, [...path, "any", i]));
  if ("not" in c) return references(c.not, [...path, "not"]);
  if ("condition" in c) return [[c.condition, [...path, "condition"]]];
  return [];
}

/** The JSON Schema (draft 2020-12) of the mapping format. */
export function mappingJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(mappingSchema, { target: "draft-2020-12", io: "input" }) as Record<string, unknown>;
}
