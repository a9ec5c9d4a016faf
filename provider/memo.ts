/**
 * A small map that forgets its oldest entries: for values that are costly to make and shared
 * by many resources of one deployment (a fleet's contracts share one certificate, one signing
 * key, one workload archive), kept within a bound so that a long-lived process stays small.
 */

/** A map of at most `maxEntries` entries whose keys weigh at most `maxWeight` in total. */
export class BoundedMap<K, V> {
    private readonly entries = new Map<K, { value: V; weight: number }>();
    private weight = 0;

    /**
     * @param maxEntries The most entries kept.
     * @param maxWeight The most total weight kept. Default: no bound.
     * @param weigh The weight of an entry. Default: 1 per entry.
     */
    constructor(
        private readonly maxEntries: number,
        private readonly maxWeight = Infinity,
        private readonly weigh: (key: K) => number = () => 1,
    ) {}

    /** The value for `key`, if it is kept. */
    get(key: K): V | undefined {
        return this.entries.get(key)?.value;
    }

    /** Keeps `value` for `key`, forgetting the oldest entries beyond the bounds. */
    set(key: K, value: V): V {
        const weight = this.weigh(key);
        if (weight > this.maxWeight) return value;
        this.delete(key);
        this.entries.set(key, { value, weight });
        this.weight += weight;
        for (const oldest of this.entries.keys()) {
            if (this.entries.size <= this.maxEntries && this.weight <= this.maxWeight) break;
            this.delete(oldest);
        }
        return value;
    }

    /** Forgets `key`. */
    delete(key: K): void {
        const entry = this.entries.get(key);
        if (!entry) return;
        this.entries.delete(key);
        this.weight -= entry.weight;
    }

    /** Forgets everything. */
    clear(): void {
        this.entries.clear();
        this.weight = 0;
    }

    /** The number of entries kept. */
    get size(): number {
        return this.entries.size;
    }
}
