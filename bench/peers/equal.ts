/**
 * Equality of two report results (bench/peers.ts): numbers equal to 9 significant digits (a relative
 * difference up to 1e-9: sums of the same values in another order differ in the last bits of a
 * double, and rounding both to 9 digits would still split a pair on either side of a rounding
 * boundary), everything else exactly.
 */

/** True when `a` and `b` agree to 9 significant digits (relative difference at most 1e-9). */
export function sameNumber(a: number, b: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Where `got` first differs from `expected`, as `path: expected X, got Y` naming the row (e.g.
 * `rows[3].value: expected 12, got 13 (row {"key":"x",...})`), or null when they are equal.
 */
export function firstDifference(expected: unknown, got: unknown, path = "result", row?: unknown): string | null {
  const show = (v: unknown) => JSON.stringify(v);
  const where = () => (row === undefined ? "" : ` (row ${show(row).slice(0, 300)})`);
  if (typeof expected === "number" && typeof got === "number") {
    return sameNumber(expected, got) ? null : `${path}: expected ${expected}, got ${got}${where()}`;
  }
  if (Array.isArray(expected) || Array.isArray(got)) {
    if (!Array.isArray(expected) || !Array.isArray(got)) return `${path}: expected ${show(expected)}, got ${show(got)}`;
    for (let i = 0; i < Math.max(expected.length, got.length); i++) {
      if (i >= expected.length) return `${path}[${i}]: unexpected row ${show(got[i])}`;
      if (i >= got.length) return `${path}[${i}]: missing row ${show(expected[i])}`;
      const d = firstDifference(expected[i], got[i], `${path}[${i}]`, got[i]);
      if (d) return d;
    }
    return null;
  }
  if (expected && got && typeof expected === "object" && typeof got === "object") {
    const e = expected as Record<string, unknown>;
    const g = got as Record<string, unknown>;
    for (const k of new Set([...Object.keys(e), ...Object.keys(g)])) {
      const d = firstDifference(e[k], g[k], `${path}.${k}`, row);
      if (d) return d;
    }
    return null;
  }
  return expected === got ? null : `${path}: expected ${show(expected)}, got ${show(got)}${where()}`;
}
