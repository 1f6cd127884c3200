/** Bounds of an {@link Lru}: entries, and optionally memory. */
export interface LruBounds<V> {
  /** Most entries kept. */
  readonly maxEntries: number;
  /**
   * Most bytes kept, as {@link LruBounds.sizeOf} counts them (key included); an entry larger than
   * this on its own is not kept at all. Unbounded when absent.
   */
  readonly maxBytes?: number;
  /** Bytes of one entry (its key is counted apart, 2 bytes a character); required with `maxBytes`. */
  readonly sizeOf?: (value: V) => number;
}

/**
 * A bounded map that forgets its least recently used entries when it holds more than `maxEntries`,
 * or more than `maxBytes` (the engine's plan and bucket caches, the API's result cache). Sizes are
 * estimates of the memory an entry holds: for strings 2 bytes a character (what V8 may use).
 */
export class Lru<V> {
  readonly #map = new Map<string, { value: V; bytes: number }>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #sizeOf: ((value: V) => number) | undefined;
  #bytes = 0;

  /** `new Lru(n)` keeps at most n entries; `new Lru({ maxEntries, maxBytes, sizeOf })` bounds memory too. */
  constructor(bounds: number | LruBounds<V>) {
    const b = typeof bounds === "number" ? { maxEntries: bounds } : bounds;
    if (b.maxBytes !== undefined && !b.sizeOf) throw new Error("Lru: maxBytes needs sizeOf");
    this.#maxEntries = b.maxEntries;
    this.#maxBytes = b.maxBytes ?? Number.POSITIVE_INFINITY;
    this.#sizeOf = b.sizeOf;
  }

  /** The value under `key`, which becomes the most recently used; undefined when absent. */
  get(key: string): V | undefined {
    const e = this.#map.get(key);
    if (e === undefined) return undefined;
    this.#map.delete(key);
    this.#map.set(key, e);
    return e.value;
  }

  /**
   * Keeps `v` under `key` as the most recently used entry, then forgets the least recently used
   * ones until both bounds hold. Returns false (and keeps nothing, dropping any older value under
   * `key`) when the entry alone is over `maxBytes`.
   */
  set(key: string, v: V): boolean {
    this.delete(key);
    const bytes = this.#sizeOf ? key.length * 2 + this.#sizeOf(v) : 0;
    if (bytes > this.#maxBytes) return false;
    this.#map.set(key, { value: v, bytes });
    this.#bytes += bytes;
    while (this.#map.size > this.#maxEntries || this.#bytes > this.#maxBytes) {
      this.delete(this.#map.keys().next().value as string);
    }
    return true;
  }

  /** Forgets the entry under `key`, if any. */
  delete(key: string): void {
    const e = this.#map.get(key);
    if (e === undefined) return;
    this.#map.delete(key);
    this.#bytes -= e.bytes;
  }

  /** Forgets every entry. */
  clear(): void {
    this.#map.clear();
    this.#bytes = 0;
  }

  /** Entries kept now. */
  get size(): number {
    return this.#map.size;
  }

  /** Bytes kept now, as counted by `sizeOf` and the keys (0 without a `sizeOf`). */
  get bytes(): number {
    return this.#bytes;
  }
}

/** Estimated bytes of a string in memory (2 a character: V8 keeps non-Latin-1 text in two-byte strings). */
export function stringBytes(s: string): number {
  return s.length * 2;
}
