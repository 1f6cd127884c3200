/**
 * Checks on an untrusted request body before zod reads it. `JSON.parse` makes a key named
 * `__proto__` an own property, which zod's records drop without a word (a filter the caller sent
 * would then be ignored and the unfiltered figure returned); and a body nested thousands of levels
 * deep costs stack and time in every walk. Both are refused here, with the path of the value.
 */
import { ReportError } from "./errors";

/** Deepest nesting of arrays and objects a request body may have (a report query needs 4). */
export const MAX_DEPTH = 16;
/** Most values (objects, arrays, scalars) a request body may hold. */
export const MAX_VALUES = 200_000;

/**
 * Throws {@link ReportError} 'invalid_query' when `input` (a value from JSON.parse) has an object
 * key `__proto__`, is nested deeper than {@link MAX_DEPTH}, or holds more than {@link MAX_VALUES}
 * values; the error's path names the value (`filters.__proto__`, `a.b.0`). Iterative: a deep body
 * cannot overflow the stack here.
 */
export function checkUntrusted(input: unknown, prefix = ""): void {
  const stack: [unknown, string, number][] = [[input, prefix, 0]];
  let seen = 0;
  const fail = (path: string, message: string): never => {
    throw new ReportError("invalid_query", `${path || "body"}: ${message}`, path);
  };
  const count = (path: string, n: number) => {
    seen += n;
    if (seen > MAX_VALUES) fail(path, `more than ${MAX_VALUES.toLocaleString("en-US")} values`);
  };
  while (stack.length > 0) {
    const [value, path, depth] = stack.pop() as [unknown, string, number];
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_DEPTH) fail(path, `nested deeper than ${MAX_DEPTH} levels`);
    const join = (key: string) => (path ? `${path}.${key}` : key);
    if (Array.isArray(value)) {
      count(path, value.length);
      value.forEach((v, i) => {
        stack.push([v, join(String(i)), depth + 1]);
      });
      continue;
    }
    const keys = Object.keys(value);
    count(path, keys.length);
    for (const key of keys) {
      if (key === "__proto__") fail(join(key), "a key named __proto__ is not allowed");
      stack.push([(value as Record<string, unknown>)[key], join(key), depth + 1]);
    }
  }
}
