/**
 * Dictionaries keyed by names from a contract (variables, registry hosts, volume keys): a key
 * such as `__proto__` or `constructor` must be a key like any other. Plain assignment of
 * `__proto__` sets the object's prototype instead, and plain reading of `constructor` finds
 * Object.prototype's; these two helpers do neither.
 */

/** Sets `key` as an own, enumerable property of `map`, whatever the key. */
export function putOwn<T>(map: Record<string, T>, key: string, value: T): void {
    Object.defineProperty(map, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
    });
}

/** The value of `map`'s own property `key`; undefined when it has none. */
export function getOwn<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
    return Object.hasOwn(map, key) ? map[key] : undefined;
}
