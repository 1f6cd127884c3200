/**
 * The generator's pseudo-random numbers: mulberry32 (a small, well-mixed 32-bit generator) behind
 * the draws the simulation needs. Streams are forked by label from the seed alone (FNV-1a of the
 * label mixed into the seed), so what one stream draws never shifts another: the calls of a day do
 * not change when the chat model changes, and the same seed always gives the same numbers.
 */

/** FNV-1a hash of `text` combined with `seed`, as an unsigned 32-bit integer. */
function hash(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A weight table for {@link Random.weighted}: [value, weight] pairs, weights > 0 with any total. */
export type Weights<T> = readonly (readonly [T, number])[];

/** A seeded stream of random draws. */
export class Random {
  #state: number;

  /** A stream for `seed` (any integer; only its low 32 bits count). */
  constructor(private readonly seed: number) {
    this.#state = seed >>> 0;
  }

  /** An independent stream named `label`, derived from this stream's seed only (not from its draws so far). */
  fork(label: string): Random {
    return new Random(hash(this.seed, label));
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number from `lo` to `hi`, both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability `p` (0-1). */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list, uniformly. */
  pick<T>(list: readonly T[]): T {
    const item = list[Math.floor(this.next() * list.length)];
    if (item === undefined) throw new RangeError("pick from an empty list");
    return item;
  }

  /** One value of `table`, with probability proportional to its weight. */
  weighted<T>(table: Weights<T>): T {
    let r = this.next() * table.reduce((s, [, w]) => s + w, 0);
    for (const [value, w] of table) {
      if (r < w) return value;
      r -= w;
    }
    const last = table[table.length - 1];
    if (!last) throw new RangeError("weighted draw from an empty table");
    return last[0];
  }

  /** An exponential draw with mean `mean` (waits, patience). */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** A standard normal draw (Box-Muller). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  /** A log-normal draw with median `median` and shape `sigma` (handle times, think times, lengths). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** A log-normal draw rounded to a whole number and clamped to [lo, hi]. */
  logNormalInt(median: number, sigma: number, lo: number, hi: number): number {
    return Math.min(hi, Math.max(lo, Math.round(this.logNormal(median, sigma))));
  }
}
