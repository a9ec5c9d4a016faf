/**
 * Every validation rule, as a table: a contract that breaks the rule earns its finding (code,
 * path, severity, enclave message), the same contract fixed passes, and no message repeats a
 * secret. The tables live in `cases-*.ts`; together they cover every finding code of the
 * catalogue, except the few whose rules are tested in the files named below.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { FINDING_CODES } from "../../../provider/finding-codes";
import { formatFinding, type Finding, type FindingCode } from "../../../provider/findings";
import { validateContract } from "../../../provider/contract/validate";
import { CANARIES, DIGEST, auths, composeWorkload, envSection } from "../../support/contracts";
import { assertCatalogued } from "../../support/findings";
import { REPO_ROOT } from "../../support/vectors";
import { ARCHIVE_CASES } from "./cases-archives";
import { IMAGE_CASES } from "./cases-images";
import { KEY_CASES } from "./cases-keys";
import { LOGGING_CASES } from "./cases-logging";
import { SECTION_CASES } from "./cases-sections";
import { VOLUME_CASES } from "./cases-volumes";
import { resolveInput, type RuleCase } from "./rule-cases";

const TABLES: Record<string, readonly RuleCase[]> = {
    "reading the contract": SECTION_CASES,
    "images and the overlay": IMAGE_CASES,
    archives: ARCHIVE_CASES,
    logging: LOGGING_CASES,
    volumes: VOLUME_CASES,
    "keys and certificates": KEY_CASES,
};

/** Codes whose rules sit outside `validateContract`, with the test file that covers them. */
const ELSEWHERE: Partial<Record<FindingCode, string>> = {
    SIGNATURE_INCOMPLETE: "tests/provider/contract/rules-keys.spec.ts",
    SIGNATURE_INVALID: "tests/provider/contract/rules-keys.spec.ts",
    NETWORK_CONFIG: "tests/provider/onprem/network-cases.ts",
    NETWORK_ADDRESS: "tests/provider/onprem/network-cases.ts",
    NETWORK_GATEWAY: "tests/provider/onprem/network-cases.ts",
    NETWORK_DNS_MISSING: "tests/provider/onprem/network-cases.ts",
    NETWORK_ROUTE_MISSING: "tests/provider/onprem/network-cases.ts",
    DOMAIN_MEMORY: "tests/provider/onprem/domain.spec.ts",
    EXPIRY_INVALID: "tests/provider/dynamic/contract-expiry.spec.ts",
};

describe("validation rules", () => {
    for (const [topic, cases] of Object.entries(TABLES)) {
        describe(topic, () => {
            for (const c of cases) {
                describe(c.rule, () => {
                    let failing: readonly Finding[];
                    let passing: readonly Finding[];
                    before(async () => {
                        failing = validateContract(
                            await resolveInput(c.failing),
                            c.options,
                        ).findings;
                        passing = validateContract(
                            await resolveInput(c.passing),
                            c.options,
                        ).findings;
                    });
                    it(`reports ${c.expect.code} at ${c.expect.path}`, () => {
                        const hit = failing.find(
                            (f) => f.code === c.expect.code && f.path === c.expect.path,
                        );
                        assert.ok(
                            hit,
                            `expected ${c.expect.code} at ${c.expect.path}, got:\n${failing.map(formatFinding).join("\n")}`,
                        );
                        assert.equal(hit.severity, c.expect.severity ?? "error");
                        if (c.expect.hpl) assert.equal(hit.hpl, c.expect.hpl);
                        assert.match(hit.message, /\S.*/);
                    });
                    it("passes once the contract is fixed", () => {
                        const left = passing.filter(
                            (f) => f.severity === "error" || f.code === c.expect.code,
                        );
                        assert.deepEqual(left.map(formatFinding), []);
                    });
                    it("never puts a secret value in a message", () => {
                        for (const f of failing) {
                            for (const canary of CANARIES) {
                                assert.ok(
                                    !formatFinding(f).includes(canary),
                                    `${canary} in ${formatFinding(f)}`,
                                );
                            }
                        }
                    });
                    it("earns only findings that the catalogue describes", () => {
                        [...failing, ...passing].forEach(assertCatalogued);
                    });
                });
            }
        });
    }

    it("covers every finding code with a failing and a passing contract", () => {
        const tabled = new Set(
            Object.values(TABLES).flatMap((cases) => cases.map((c) => c.expect.code)),
        );
        const missing = (Object.keys(FINDING_CODES) as FindingCode[]).filter((code) => {
            if (tabled.has(code)) return false;
            const file = ELSEWHERE[code];
            if (!file) return true;
            const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
            return !new RegExp(`\\b${code}\\b`).test(text);
        });
        assert.deepEqual(missing, []);
    });

    it("passes the founding scenario: a templated registry resolved and credentialed by env", () => {
        const result = validateContract({
            workload: composeWorkload({ web: `\${REGISTRY}/app@${DIGEST}` }),
            env: envSection({ env: { REGISTRY: "us.icr.io/team" }, auths: auths("us.icr.io") }),
        });
        assert.deepEqual(result.findings.map(formatFinding), []);
        assert.equal(result.images[0].resolved, `us.icr.io/team/app@${DIGEST}`);
    });
});
