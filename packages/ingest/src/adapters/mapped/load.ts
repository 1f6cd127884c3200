import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { z } from "zod";
import { IngestError, type RowIssue } from "../../errors";
import { type JsonPath, jsonPath } from "../../json";
import { type Mapping, mappingSchema } from "./schema";

/**
 * The issues of a failed parse, one per bad field, with full paths. A union (e.g. a condition, which is
 * one of all / any / not / condition / comparison) reports the alternative that matches the value's
 * shape best: the one with the fewest wrong or missing keys at its top, then the deepest path.
 */
export function flattenIssues(
  issues: readonly z.core.$ZodIssue[],
  base: JsonPath = [],
): { path: JsonPath; message: string }[] {
  return issues.flatMap((i) => {
    const path = [...base, ...i.path];
    if (i.code !== "invalid_union" || i.errors.length === 0) return [{ path, message: i.message }];
    const ranked = i.errors
      .map((branch) => ({ branch, misfit: misfit(branch), depth: Math.max(...branch.map((b) => b.path.length)) }))
      .sort((a, b) => a.misfit - b.misfit || b.depth - a.depth);
    const best = ranked[0];
    if (!best || (best.misfit > 0 && best.depth === 0)) return [{ path, message: i.message }];
    return flattenIssues(best.branch, path);
  });
}

/** How badly a union alternative fits: unknown keys and type mismatches at its top, and missing keys. */
function misfit(branch: readonly z.core.$ZodIssue[]): number {
  return branch.filter(
    (b) =>
      (b.path.length === 0 && (b.code === "unrecognized_keys" || b.code === "invalid_type")) ||
      (b.path.length === 1 && b.code === "invalid_type" && b.input === undefined),
  ).length;
}

/**
 * Reads and validates the mapping file at `path`. Throws {@link IngestError} 'unknown_format' naming
 * the mapping file: when it cannot be read, is not JSON, or does not fit the format, with one issue per
 * bad field whose `column` is the field's JSON path (e.g. `fields.answered.map.Y`) and `line` 1.
 */
export async function loadMapping(path: string): Promise<Mapping>;
/** The same for another mapping format (the chat mapping): `schema` validates the file instead. */
export async function loadMapping<T>(path: string, schema: z.ZodType<T>): Promise<T>;
export async function loadMapping(path: string, schema: z.ZodType = mappingSchema): Promise<unknown> {
  const file = basename(path);
  const fail = (issues: RowIssue[], message: string): never => {
    throw new IngestError("unknown_format", file, issues, `Invalid mapping ${file}: ${message}`);
  };
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new IngestError("unknown_format", file, [], `Cannot read mapping ${path}: ${(cause as Error).message}`, {
      cause,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (cause) {
    fail([{ file, line: 1, column: "(root)", value: "", reason: (cause as Error).message }], "it is not JSON");
  }
  const parsed = schema.safeParse(json, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issues = flattenIssues(parsed.error.issues).map(({ path: p, message }) => ({
    file,
    line: 1,
    column: jsonPath(p),
    value: shown(valueAt(json, p)),
    reason: message,
  }));
  const lines = issues.map((i) => `  ${i.column}: ${i.reason}${i.value ? ` (${i.value})` : ""}`);
  return fail(issues, `${issues.length} problem(s); nothing was imported.\n${lines.join("\n")}`);
}

function valueAt(json: unknown, path: JsonPath): unknown {
  let v = json;
  for (const p of path) v = typeof v === "object" && v !== null ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

const shown = (v: unknown): string => (v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v));
