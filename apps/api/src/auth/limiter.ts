/**
 * A fixed-window counter per key, in memory (one process serves the API): at most `limit` hits per
 * key in each window of `windowMs` milliseconds. Used for failures (wrong passwords, refused keys),
 * which are known only inside the route or the authentication step, so the caller asks
 * {@link retryAfter} before the work and calls {@link hit} after a failure.
 *
 * Memory is bounded: past `maxKeys` keys, expired windows are dropped, then the oldest.
 */
export class RateLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Whole seconds until `key` may try again (at least 1), or 0 when it may now. */
  retryAfter(key: string): number {
    const w = this.#current(key);
    if (!w || w.count < this.limit) return 0;
    return Math.max(1, Math.ceil((w.start + this.windowMs - this.now()) / 1000));
  }

  /** Counts one hit for `key`. */
  hit(key: string): void {
    const w = this.#current(key);
    if (w) {
      w.count++;
      return;
    }
    this.#windows.set(key, { start: this.now(), count: 1 });
    if (this.#windows.size > this.maxKeys) this.#prune();
  }

  /** Forgets `key` (e.g. an account after a successful sign-in). */
  reset(key: string): void {
    this.#windows.delete(key);
  }

  /** Number of keys held (for tests of the memory bound). */
  get size(): number {
    return this.#windows.size;
  }

  #current(key: string): { start: number; count: number } | undefined {
    const w = this.#windows.get(key);
    if (w && this.now() - w.start >= this.windowMs) {
      this.#windows.delete(key);
      return undefined;
    }
    return w;
  }

  #prune(): void {
    const now = this.now();
    for (const [k, w] of this.#windows) if (now - w.start >= this.windowMs) this.#windows.delete(k);
    for (const k of this.#windows.keys()) {
      if (this.#windows.size <= this.maxKeys) break;
      this.#windows.delete(k);
    }
  }
}
