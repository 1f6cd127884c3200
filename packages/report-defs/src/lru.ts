/** A bounded map that forgets its least recently used entry when it holds more than `size` (the engine's plan and bucket caches). */
export class Lru<V> {
  readonly #map = new Map<string, V>();
  constructor(private readonly size: number) {}
  /** The value under `key`, which becomes the most recently used; undefined when absent. */
  get(key: string): V | undefined {
    const v = this.#map.get(key);
    if (v !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    this.#map.delete(key);
    this.#map.set(key, v);
    if (this.#map.size > this.size) this.#map.delete(this.#map.keys().next().value as string);
  }
}
