/**
 * The catalogue of the enclave's boot messages, and reading a serial console log with it.
 */
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { BOOT_MESSAGES, explainBootLog } from "../../provider/boot-messages";
import { FINDING_CODES } from "../../provider/finding-codes";
import type { HplCode } from "../../provider/findings";
import { fuzzParameters } from "../support/fuzz";

const ESC = "\u001b";

/** A console log of a boot that failed on an image that is not pinned. */
const FAILED_BOOT = [
    "[    0.000000] Linux version 5.14.0-427 (s390x)",
    "[   11.401234] hpcr-loader[512]: HPL11099I: boot loader finished",
    "[   13.002311] hpcr-logging[640]: HPL01010I: logging is configured",
    `[   15.310001] hpcr-image[701]: ${ESC}[1;31mHPL06010E: image hello cannot be verified${ESC}[0m`,
    "[   15.400120] hpcr-service-status[730]: HPL10000E: one or more services failed; shutdown",
    "[   15.400130] hpcr-service-status[730]: HPL10000E: shutting down",
].join("\r\n");

describe("the enclave's boot messages", function () {
    it("knows IBM's 109 codes and four its other pages cite, each of a known boot service", () => {
        assert.equal(BOOT_MESSAGES.size, 113);
        for (const [code, message] of BOOT_MESSAGES) {
            assert.match(code, /^HPL\d{5}[EWI]$/);
            assert.equal(message.code, code);
            assert.ok(message.service, `${code} has a service`);
            assert.ok(message.meaning.length > 5, `${code} has a meaning`);
        }
        const kinds = [...BOOT_MESSAGES.values()].map((m) => m.kind);
        assert.equal(kinds.filter((k) => k === "failure").length, 87);
        assert.equal(BOOT_MESSAGES.get("HPL12006E")!.kind, "warning");
        assert.equal(BOOT_MESSAGES.get("HPL12005E")!.kind, "notice");
    });

    it("knows every message a finding names, and lists that finding as foreseeing it", () => {
        for (const [finding, info] of Object.entries(FINDING_CODES)) {
            const named: readonly HplCode[] = [
                ...info.hpl,
                ...(("alsoSeenAs" in info ? info.alsoSeenAs : undefined) ?? []),
            ];
            for (const code of named) {
                const message = BOOT_MESSAGES.get(code);
                assert.ok(message, `${finding} names ${code}, which the catalogue lacks`);
                assert.ok(message.foreseenBy.includes(finding as never), `${code} by ${finding}`);
            }
        }
    });

    it("says of every failure either which checks foresee it or where its cause lies", () => {
        for (const message of BOOT_MESSAGES.values()) {
            if (message.kind !== "failure") continue;
            assert.ok(
                message.foreseenBy.length > 0 || message.cause,
                `${message.code} (${message.foresight}) is neither foreseen nor explained`,
            );
            if (message.foresight === "no") assert.equal(message.foreseenBy.length, 0);
        }
    });
});

describe("explainBootLog", function () {
    it("finds each code once, at its first line, through terminal colours and CRLF", () => {
        const report = explainBootLog(FAILED_BOOT);
        assert.equal(report.verdict, "failed");
        assert.deepEqual(
            report.entries.map((e) => [e.code, e.line, e.count]),
            [
                ["HPL11099I", 2, 1],
                ["HPL01010I", 3, 1],
                ["HPL06010E", 4, 1],
                ["HPL10000E", 5, 2],
            ],
        );
        const image = report.entries[2];
        assert.equal(
            image.text,
            "[   15.310001] hpcr-image[701]: HPL06010E: image hello cannot be verified",
        );
        assert.deepEqual(image.message?.foreseenBy.includes("IMAGE_NOT_PINNED"), true);
    });

    it("calls a boot started when all services came up after the last failure", () => {
        const restarted = `${FAILED_BOOT}\nreboot\nHPL14000I\nHPL10001I: all services started\n`;
        assert.equal(explainBootLog(restarted).verdict, "started");
        assert.equal(explainBootLog(`${restarted}HPL07011E: wrap failed\n`).verdict, "failed");
        assert.equal(explainBootLog("HPL11099I\nHPL12006E: expires soon\n").verdict, "unknown");
        assert.equal(explainBootLog("").verdict, "unknown");
    });

    it("reports a code newer than its catalogue without a meaning, and ignores codes inside words", () => {
        const report = explainBootLog("HPL99001E: something new\nXHPL06010E HPL06010E7 HPL0601E\n");
        assert.deepEqual(
            report.entries.map((e) => [e.code, e.message]),
            [["HPL99001E", undefined]],
        );
        assert.equal(report.verdict, "failed");
    });

    it("keeps at most 300 characters of a line and no control characters", () => {
        const report = explainBootLog(`HPL06010E ${"x".repeat(1000)}\u0007\u0000`);
        assert.equal(report.entries[0].text.length, 300);
        assert.doesNotMatch(report.entries[0].text, /[\u0000-\u001f]/);
    });

    it("reads any text into a report, with one entry per code it holds", () => {
        const code = fc.constantFrom("HPL06010E", "HPL10001I", "HPL12006E", "HPL99999W");
        const noise = fc.string({ unit: "binary", maxLength: 40 });
        fc.assert(
            fc.property(fc.array(fc.oneof(code, noise), { maxLength: 30 }), (parts) => {
                const text = parts.join(" ");
                const report = explainBootLog(text);
                const codes = new Set(report.entries.map((e) => e.code));
                assert.equal(codes.size, report.entries.length);
                for (const entry of report.entries) {
                    assert.ok(text.split(/\r?\n/)[entry.line - 1].includes(entry.code));
                }
                assert.ok(["started", "failed", "unknown"].includes(report.verdict));
            }),
            fuzzParameters(),
        );
    });
});
