/**
 * The benchmark's figures, the targets they are judged against, and the table printed from
 * them. The JSON written to `bench/results/` holds exactly these figures.
 */

/** Every figure of one run. */
export interface BenchResults {
    readonly environment: {
        readonly node: string;
        readonly openssl: string;
        readonly cores: number;
        readonly threadPool: number;
        readonly date: string;
        readonly command: string;
    };
    /**
     * Medians in milliseconds over `rounds` interleaved rounds. `buildContractNew` reads new
     * keys and a new archive every round; the others read them once for all rounds.
     */
    readonly oneContract: {
        readonly rounds: number;
        readonly buildContractNew: number;
        readonly buildContract: number;
        readonly create: number;
        readonly floor: number;
        /** The floor parsing the same new key texts as `buildContractNew` every round. */
        readonly floorNew: number;
        readonly openssl: number;
    };
    /**
     * Milliseconds for `count` contracts at once, medians over the repeats; the floor spread
     * over every core. `ratio` is the median of each repeat's package/floor ratio; the CPU
     * figures are the process's CPU milliseconds meanwhile, all threads together.
     */
    readonly concurrent: {
        readonly count: number;
        readonly create: number;
        readonly floorSpread: number;
        readonly ratio: number;
        readonly createCpu: number;
        readonly floorSpreadCpu: number;
        readonly openssl: number;
    };
    readonly preview: {
        readonly resources: number;
        readonly msPerResource: number;
        readonly changes: number;
        /** Calls into node:crypto during one preview of every resource, by function. */
        readonly cryptoCalls: Readonly<Record<string, number>>;
        /** The calls among them to key derivation, ciphers, RSA, signatures, key parsing. */
        readonly contractCryptoCalls: number;
    };
    readonly memory: {
        readonly count: number;
        readonly baselineMiB: number;
        readonly peakMiB: number;
    };
    readonly archive: {
        readonly bytes: number;
        /** Bytes allocated per archive byte, for an archive new to the process. */
        readonly package: number;
        /** The same for an archive that an earlier contract carried (a fleet). */
        readonly packageShared: number;
        readonly floor: number;
        /** The same for the floor when it makes its workload text and user data strings. */
        readonly floorMade: number;
        /** The unpacked tar per archive byte, which validating a new archive must hold once. */
        readonly unpacked: number;
        /**
         * The package's allocations beyond `floorMade` and the one unpacked tar, in archive
         * sizes: the copies it makes of the archive.
         */
        readonly extraCopies: number;
        readonly extraCopiesShared: number;
    };
}

/** One target: what is measured, the limit, and whether the run met it. */
export interface Target {
    readonly name: string;
    readonly value: number;
    readonly limit: string;
    readonly met: boolean;
}

function oneContractTargets(name: string, pkg: number, floor: number, openssl: number): Target[] {
    return [
        {
            name: `${name}: openssl / package`,
            value: openssl / pkg,
            limit: ">= 5",
            met: openssl / pkg >= 5,
        },
        {
            name: `${name}: package / floor`,
            value: pkg / floor,
            limit: "<= 1.2",
            met: pkg / floor <= 1.2,
        },
    ];
}

/** The targets of issue 6, judged on one run's figures. */
export function targets(r: BenchResults): Target[] {
    const one = r.oneContract;
    const many = r.concurrent;
    return [
        ...oneContractTargets("one contract", one.buildContract, one.floor, one.openssl),
        ...oneContractTargets(
            "one contract, keys and archive new",
            one.buildContractNew,
            one.floorNew,
            one.openssl,
        ),
        {
            name: `${many.count} at once: package / floor on every core`,
            value: many.ratio,
            limit: "<= 1.2",
            met: many.ratio <= 1.2,
        },
        {
            name: "preview: ms per unchanged resource",
            value: r.preview.msPerResource,
            limit: "< 0.2",
            met: r.preview.msPerResource < 0.2,
        },
        {
            name: "preview: contract crypto calls",
            value: r.preview.contractCryptoCalls,
            limit: "= 0",
            met: r.preview.contractCryptoCalls === 0,
        },
        {
            name: `peak memory, ${r.memory.count} at once (MiB)`,
            value: r.memory.peakMiB,
            limit: "< 200",
            met: r.memory.peakMiB < 200,
        },
        {
            name: "archive: copies beyond the floor with its strings made and one unpacking",
            value: r.archive.extraCopies,
            limit: "<= 1",
            met: r.archive.extraCopies <= 1,
        },
        {
            name: "archive read before: copies beyond that floor",
            value: r.archive.extraCopiesShared,
            limit: "<= 1",
            met: r.archive.extraCopiesShared <= 1,
        },
    ];
}

function ms(value: number): string {
    return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(2)} ms`;
}

function row(cells: readonly string[], widths: readonly number[]): string {
    return cells
        .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
        .join("  ")
        .trimEnd();
}

/**
 * A table row for the package, the floor and openssl: their times and two ratios.
 *
 * @param ratio The package/floor ratio when it is not that of the times given (a median of
 *   ratios).
 */
function contestants(
    label: string,
    [pkg, floor, openssl]: readonly [number, number, number],
    widths: readonly number[],
    ratio = pkg / floor,
): string {
    const cells = [ms(pkg), ms(floor), ms(openssl), ratio.toFixed(2), (openssl / pkg).toFixed(2)];
    return row([label, ...cells], widths);
}

/** The results as a text table, then the targets. */
export function formatResults(r: BenchResults): string {
    const e = r.environment;
    const one = r.oneContract;
    const many = r.concurrent;
    const widths = [44, 10, 10, 10, 14, 16];
    const lines = [
        `Node ${e.node}, ${e.openssl}, ${e.cores} cores, libuv thread pool ${e.threadPool}`,
        "",
        row(["", "package", "floor", "openssl", "package/floor", "openssl/package"], widths),
        contestants(
            `one contract, buildContract (median of ${one.rounds})`,
            [one.buildContract, one.floor, one.openssl],
            widths,
        ),
        contestants(
            "  the same, keys and archive new",
            [one.buildContractNew, one.floorNew, one.openssl],
            widths,
        ),
        contestants("one contract, Contract create", [one.create, one.floor, one.openssl], widths),
        contestants(
            `${many.count} at once, Contract create`,
            [many.create, many.floorSpread, many.openssl],
            widths,
            many.ratio,
        ),
        row(
            [
                `  CPU, all threads`,
                ms(many.createCpu),
                ms(many.floorSpreadCpu),
                "",
                (many.createCpu / many.floorSpreadCpu).toFixed(2),
                "",
            ],
            widths,
        ),
        "",
        `preview of ${r.preview.resources} unchanged Contract resources: ` +
            `${r.preview.msPerResource.toFixed(3)} ms each, ${r.preview.changes} changes, ` +
            `${r.preview.contractCryptoCalls} contract crypto calls ` +
            `(hashes: ${r.preview.cryptoCalls.createHmac ?? 0} HMAC, ${r.preview.cryptoCalls.createHash ?? 0} SHA-256)`,
        `peak memory for ${r.memory.count} contracts at once: ${r.memory.peakMiB.toFixed(1)} MiB ` +
            `(${r.memory.baselineMiB.toFixed(1)} MiB after one)`,
        `a ${(r.archive.bytes / 1024).toFixed(1)} KiB compose archive: the package allocates ` +
            `${r.archive.package.toFixed(2)} bytes per archive byte ` +
            `(${r.archive.packageShared.toFixed(2)} once the archive was read for an earlier ` +
            `contract), the floor ${r.archive.floor.toFixed(2)} ` +
            `(${r.archive.floorMade.toFixed(2)} when it makes its workload text and user data); ` +
            `the tar unpacked once to validate a new archive: ${r.archive.unpacked.toFixed(2)}`,
        "",
        "targets:",
        ...targets(r).map(
            (t) =>
                `  ${t.met ? "met   " : "MISSED"} ${t.name}: ${Number.isInteger(t.value) ? t.value : t.value.toFixed(2)} (${t.limit})`,
        ),
    ];
    return `${lines.join("\n")}\n`;
}
