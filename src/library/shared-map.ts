const GONE: unique symbol = Symbol('gone');

/**
 * A map whose copies share its entries: `fork()` copies only what changed since the base was last folded, so a reload
 * of one page among 10,000 copies a few entries instead of every map of the scan (which made megabytes of garbage
 * per reload, and scavenges of 1–6 ms inside members' searches). The base is never changed once shared; a copy
 * folds its changes into a new base once they are a large part of it, so reads stay two lookups at most.
 */
export class SharedMap<K, V> implements ReadonlyMap<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly changes: Map<K, V | typeof GONE>,
    private count: number,
  ) {}

  /** Takes `entries` as its base: the caller must not change them afterwards. */
  static over<K, V>(entries: Map<K, V>): SharedMap<K, V> {
    return new SharedMap(entries, new Map(), entries.size);
  }

  /** A copy of `map` to change, sharing what it can. */
  static copyOf<K, V>(map: ReadonlyMap<K, V>): SharedMap<K, V> {
    return map instanceof SharedMap ? (map as SharedMap<K, V>).fork() : SharedMap.over(new Map(map));
  }

  fork(): SharedMap<K, V> {
    if (this.changes.size > 64 + this.base.size / 8) return SharedMap.over(new Map(this));
    return new SharedMap(this.base, new Map(this.changes), this.count);
  }

  get size(): number {
    return this.count;
  }

  get(key: K): V | undefined {
    const changed = this.changes.get(key);
    if (changed === GONE) return undefined;
    return changed !== undefined || this.changes.has(key) ? (changed as V) : this.base.get(key);
  }

  has(key: K): boolean {
    const changed = this.changes.get(key);
    if (changed !== undefined || this.changes.has(key)) return changed !== GONE;
    return this.base.has(key);
  }

  set(key: K, value: V): this {
    if (!this.has(key)) this.count++;
    this.changes.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    if (!this.has(key)) return false;
    this.count--;
    if (this.base.has(key)) this.changes.set(key, GONE);
    else this.changes.delete(key);
    return true;
  }

  *entries(): MapIterator<[K, V]> {
    for (const entry of this.base) if (!this.changes.has(entry[0])) yield entry;
    for (const [key, value] of this.changes) if (value !== GONE) yield [key, value];
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(run: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [key, value] of this.entries()) run(value, key, this);
  }
}
