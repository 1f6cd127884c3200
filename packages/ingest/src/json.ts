/**
 * JSON paths as errors write them, and the NUL check of JSON values: an escaped `\u0000` parses into
 * a NUL character, which text files refuse as a damaged byte (delimited.ts) and JSON must refuse too.
 */

/** A path into a JSON value: object keys and 0-based array indexes. */
export type JsonPath = readonly PropertyKey[];

/**
 * A JSON path as written in errors: `[12].dialogContent[0].datetime`, `fields.answered.map["Y/N"]`
 * (a key that is not an identifier is quoted); "(root)" for the value itself.
 */
export function jsonPath(path: JsonPath): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(p))) out += out ? `.${String(p)}` : String(p);
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out || "(root)";
}

/** A string value holding a NUL character: where it is and its text with each NUL shown as `\0`. */
export interface NulString {
  readonly path: JsonPath;
  readonly shown: string;
}

/** Every string value inside `value` (a parsed JSON value) that holds a NUL character, in document order. */
export function nulStrings(value: unknown, path: JsonPath = []): NulString[] {
  if (typeof value === "string")
    return value.includes("\u0000") ? [{ path, shown: value.replaceAll("\u0000", "\\0") }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nulStrings(v, [...path, i]));
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([k, v]) => nulStrings(v, [...path, k]));
  return [];
}

/** The reason of a RowIssue for a JSON string with a NUL character. */
export const JSON_NUL_REASON =
  "contains a NUL character (written \\u0000, shown as \\0): text never holds one, the file is damaged";
