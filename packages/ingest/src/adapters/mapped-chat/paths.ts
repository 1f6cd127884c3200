/**
 * The small JSONPath subset a chat mapping uses to find records in JSON and NDJSON files and to name
 * the values it reads (docs/mapping.md, "JSON and NDJSON"):
 *
 * - a records path starts at the root `$` and walks with `.key`, `["any key"]`, `[N]` and `[*]` (every
 *   element of an array): `$[*]`, `$.data[*]`, `$[*].dialogContent[*]`;
 * - a column is read from the record: `message`, `user.screen_name`, `["Date (UTC)"]`, `tags[0]`; a
 *   segment may hold any character but `.`, `[` and `]`;
 * - a column that starts with `$` is read from the root, each of its `[*]` standing for the element the
 *   record lies in: with records `$[*].dialogContent[*]`, `$[*].dialogHeader.company` is the header of
 *   the record's own session.
 *
 * Pure functions; a path that does not parse gives `{ reason }`.
 */
import type { JsonPath } from "../../json";

/** One step of a path: an object key, an array index, or every element of an array. */
export type Step = { readonly key: string } | { readonly index: number } | { readonly each: true };

/** A parsed path: from the root (`$`) or from the record. */
export interface ParsedPath {
  readonly absolute: boolean;
  readonly steps: readonly Step[];
}

const BRACKET = /^\[(?:(\*)|(\d+)|("(?:[^"\\]|\\.)*"))\]/;
const DOT_KEY = /^\.([^.[\]]+)/;
const BARE_KEY = /^[^.[\]$][^.[\]]*/;

/** Parses `text` as a records path or a column path (see the module comment). */
export function parsePath(text: string): ParsedPath | { readonly reason: string } {
  const absolute = text.startsWith("$");
  let rest = absolute ? text.slice(1) : text;
  const steps: Step[] = [];
  if (!absolute) {
    const bare = BARE_KEY.exec(rest);
    if (bare) {
      steps.push({ key: bare[0] });
      rest = rest.slice(bare[0].length);
    }
  }
  while (rest !== "") {
    const dot = DOT_KEY.exec(rest);
    const bracket = dot ? null : BRACKET.exec(rest);
    if (dot) steps.push({ key: dot[1] as string });
    else if (bracket?.[1]) steps.push({ each: true });
    else if (bracket?.[2]) steps.push({ index: Number(bracket[2]) });
    else if (bracket?.[3]) steps.push({ key: JSON.parse(bracket[3]) as string });
    else
      return {
        reason: `is not a path: cannot read "${rest}" (use .key, ["any key"], [N] or [*]; a column starting with $ is read from the root)`,
      };
    rest = rest.slice((dot ?? bracket)?.[0].length ?? 0);
  }
  if (!absolute && steps.length === 0) return { reason: "is not a path: it is empty" };
  return { absolute, steps };
}

/** How many `[*]` a path has. */
export const wildcards = (p: ParsedPath): number => p.steps.filter((s) => "each" in s).length;

/** A record found by a records path: its value, where it is, and the index each `[*]` matched. */
export interface Found {
  readonly value: unknown;
  readonly path: JsonPath;
  readonly bindings: readonly number[];
}

/** A value a records path cannot walk through (a `[*]` on a non-array, a key on a non-object). */
export interface WalkProblem {
  readonly path: JsonPath;
  readonly value: unknown;
  readonly reason: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Every value `steps` reaches from `root`, in document order. A key that is absent or null ends that
 * branch quietly (a session without `agentURL` has no final reply); a `[*]` on a value that is not an
 * array, or a key on one that is not an object, is a {@link WalkProblem}.
 */
export function walk(root: unknown, steps: readonly Step[]): { found: Found[]; problems: WalkProblem[] } {
  const found: Found[] = [];
  const problems: WalkProblem[] = [];
  const go = (value: unknown, at: number, path: PropertyKey[], bindings: number[]): void => {
    if (value === undefined || value === null) return;
    const step = steps[at];
    if (!step) {
      found.push({ value, path, bindings });
      return;
    }
    if ("each" in step) {
      if (!Array.isArray(value)) problems.push({ path, value, reason: "is not an array (the records path reads [*])" });
      else for (const [i, v] of value.entries()) go(v, at + 1, [...path, i], [...bindings, i]);
    } else if ("index" in step) {
      if (!Array.isArray(value)) problems.push({ path, value, reason: `is not an array (the records path reads [N])` });
      else go(value[step.index], at + 1, [...path, step.index], bindings);
    } else if (!isObject(value)) {
      problems.push({ path, value, reason: `is not an object (the records path reads .${step.key})` });
    } else go(value[step.key], at + 1, [...path, step.key], bindings);
  };
  go(root, 0, [], []);
  return { found, problems };
}

/**
 * The value of column `column` for a record found at `record` (from the root `root`), and its path:
 * relative columns from the record, absolute ones from the root with their `[*]` bound, in order, to
 * the record's `bindings` (a mapping check makes sure there are enough). `value` is undefined when a
 * key or index along the way is absent, or walks through a value that is not an object or array.
 */
export function read(
  root: unknown,
  record: Found,
  column: ParsedPath,
): { readonly value: unknown; readonly path: JsonPath } {
  let value: unknown = column.absolute ? root : record.value;
  const path: PropertyKey[] = column.absolute ? [] : [...record.path];
  let bound = 0;
  for (const step of column.steps) {
    const key = "key" in step ? step.key : "index" in step ? step.index : (record.bindings[bound++] as number);
    path.push(key);
    if (typeof key === "number") value = Array.isArray(value) ? value[key] : undefined;
    else value = isObject(value) ? value[key] : undefined;
  }
  return { value, path };
}
