/**
 * Timing of public-link answers (issue 12: a miss and a revoked token must not differ by more than
 * the noise of a hit). Requests of the three kinds are interleaved (miss, revoked, hit, miss...) so
 * that load from other processes on the machine falls on all three alike.
 */

/** Median and spread of a sample of durations, in milliseconds. */
export interface TimingStats {
  readonly n: number;
  readonly median: number;
  /** Interquartile range (p75 - p25). */
  readonly iqr: number;
  readonly p10: number;
  readonly p90: number;
}

/** Median, IQR, p10 and p90 of `ms` (not empty). */
export function stats(ms: readonly number[]): TimingStats {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
  return { n: s.length, median: q(0.5), iqr: q(0.75) - q(0.25), p10: q(0.1), p90: q(0.9) };
}

/**
 * Times `rounds` requests of each kind through `request` (which must consume the body), after
 * `warmup` rounds; a fresh random token makes each miss. Returns the stats per kind.
 */
export async function timePublic(
  request: (token: string) => Promise<number>,
  tokens: { revoked: string; hit: string; miss: () => string },
  rounds: number,
  warmup = 200,
): Promise<{ miss: TimingStats; revoked: TimingStats; hit: TimingStats }> {
  const out = { miss: [] as number[], revoked: [] as number[], hit: [] as number[] };
  for (let i = 0; i < warmup + rounds; i++) {
    for (const kind of ["miss", "revoked", "hit"] as const) {
      const token = kind === "miss" ? tokens.miss() : tokens[kind];
      const start = process.hrtime.bigint();
      const status = await request(token);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (status !== (kind === "hit" ? 200 : 404)) throw new Error(`${kind}: status ${status}`);
      if (i >= warmup) out[kind].push(ms);
    }
  }
  return { miss: stats(out.miss), revoked: stats(out.revoked), hit: stats(out.hit) };
}
