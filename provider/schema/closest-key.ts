/**
 * Guessing which known key a misspelt one was meant to be (`auth` for `auths`, `signing_key`
 * for `signingKey`).
 */

function normalize(key: string): string {
    return key.toLowerCase().replace(/[-_\s]/g, "");
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
            current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
        }
        previous = current;
    }
    return previous[b.length];
}

/**
 * The known key that `key` most likely misspells, or undefined when none is close: the same
 * letters in another case or with other separators, a prefix of at least three letters, or at
 * most one edit away (two for keys longer than five letters).
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
    const wanted = normalize(key);
    if (wanted === "") {
        return undefined;
    }
    let best: { key: string; score: number } | undefined;
    for (const candidate of known) {
        const name = normalize(candidate);
        const distance = editDistance(wanted, name);
        const prefix =
            Math.min(wanted.length, name.length) >= 3 &&
            (name.startsWith(wanted) || wanted.startsWith(name));
        const limit = wanted.length > 5 ? 2 : 1;
        const score = distance === 0 ? 0 : distance <= limit ? distance : prefix ? 3 : Infinity;
        if (score < (best?.score ?? Infinity)) {
            best = { key: candidate, score };
        }
    }
    return best?.key;
}
