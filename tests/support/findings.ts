/**
 * Checks of findings against the catalogue of codes (`provider/finding-codes.ts`), for every
 * test that produces findings.
 */
import * as assert from "node:assert/strict";
import { FINDING_CODES } from "../../provider/finding-codes";
import type { Finding } from "../../provider/findings";

/** Fails unless the finding's severity and enclave message are among its code's. */
export function assertCatalogued(f: Finding): void {
    const info = FINDING_CODES[f.code];
    assert.ok(info, `${f.code} is not in the catalogue`);
    assert.ok(
        (info.severities as readonly string[]).includes(f.severity),
        `${f.code} is catalogued as ${info.severities.join("/")}, not ${f.severity}`,
    );
    if (f.hpl) {
        assert.ok(
            (info.hpl as readonly string[]).includes(f.hpl),
            `${f.code} names ${f.hpl}, which the catalogue does not list`,
        );
    }
}
