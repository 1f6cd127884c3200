/**
 * Equality of two report results (bench/peers.ts): numbers compared rounded to 9 significant digits
 * (sums of the same values in another order differ in the last bits of a double), everything else
 * exactly.
 */

/** `x` rounded to 9 significant digits (-0 as 0). */
export function roundNumber(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  return Number(x.toPrecision(9));
}

/**
 * Where `got` first differs from `expected`, as `path: expected X, got Y` naming the row (e.g.
 * `rows[3].value: expected 12, got 13 (row {"key":"x",...})`), or null when they are equal.
 */
export function firstDifference(expected: unknown, got: unknown, path = "result", row?: unknown): string | null {
  const show = (v: unknown) => JSON.stringify(v);
  const where = () => (row === undefined ? "" : ` (row ${show(row).slice(0, 300)})`);
  if (typeof expected === "number" && typeof got === "number") {
    return roundNumber(expected) === roundNumber(got) ? null : `${path}: expected ${expected}, got ${got}${where()}`;
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
