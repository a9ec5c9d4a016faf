/**
 * `npm run bench`: the package against the floor and against IBM's openssl pipeline, side by
 * side in one process and one run, for one contract, many contracts at once and a preview of
 * unchanged resources; then the memory figures. Prints a table and writes the same figures as
 * JSON (default `bench/results/latest.json`).
 *
 * Options: `--rounds N` (one contract, default 21), `--contracts N` (default 200),
 * `--previews N` (default 500), `--repeats N` (runs of the many-contract and preview
 * measurements, whose median counts; default 5), `--archive BYTES` (default 61440), `--bits N`
 * (key size, default 4096), `--out FILE`.
 */
import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { decryptContract } from "../provider/contract/decrypt";
import { readPrivateKey } from "../provider/crypto/keys";
import { verifySections } from "../provider/crypto/signature";
import { countCryptoCalls } from "./crypto-calls";
import { createFixture, freshTexts, type BenchFixture } from "./fixture";
import { floorContract, floorInput } from "./floor";
import { floorSpread } from "./floor-spread";
import { measureCopies, measurePeak } from "./memory";
import { limited, opensslContract } from "./openssl-pipeline";
import { createContract, packageContract, previewContracts } from "./package";
import { formatResults, type BenchResults } from "./report";
import { interleaved, median, time, timeAndCpu } from "./timing";

/** The options of one run. */
export interface BenchOptions {
    readonly rounds: number;
    readonly contracts: number;
    readonly previews: number;
    readonly repeats: number;
    readonly archive: number;
    readonly bits: number;
    readonly out: string;
}

const DEFAULTS: BenchOptions = {
    rounds: 21,
    contracts: 200,
    previews: 500,
    repeats: 5,
    archive: 60 * 1024,
    bits: 4096,
    out: path.resolve(__dirname, "..", "..", "bench", "results", "latest.json"),
};

/** Parses `--name value` pairs over the defaults. */
export function parseOptions(argv: readonly string[]): BenchOptions {
    const options: Record<string, number | string> = { ...DEFAULTS };
    for (let i = 0; i < argv.length; i += 2) {
        const name = argv[i].replace(/^--/, "");
        if (!(name in DEFAULTS) || argv[i + 1] === undefined) {
            throw new Error(`unknown option ${argv[i]}; see the top of bench/run.ts`);
        }
        options[name] = name === "out" ? path.resolve(argv[i + 1]) : Number(argv[i + 1]);
    }
    return options as unknown as BenchOptions;
}

/** The command line that gives these options. */
function commandOf(options: BenchOptions): string {
    const changed = (Object.keys(DEFAULTS) as (keyof BenchOptions)[]).filter(
        (name) => name !== "out" && options[name] !== DEFAULTS[name],
    );
    const args = changed.map((name) => `--${name} ${options[name]}`).join(" ");
    return args ? `npm run bench -- ${args}` : "npm run bench";
}

/** Checks that a contestant's contract decrypts and its signature verifies. */
export async function verify(
    label: string,
    userData: string,
    fixture: BenchFixture,
): Promise<void> {
    const plain = await decryptContract(userData, readPrivateKey(fixture.enclaveKey));
    const values = YAML.parse(userData) as Record<string, string>;
    const signer = crypto.createPublicKey(fixture.signingKey);
    const signed = verifySections(values.workload, values.env, values.envWorkloadSignature, signer);
    if (
        !signed ||
        !plain.workload?.includes("type: workload") ||
        !plain.env?.includes("signingKey")
    ) {
        throw new Error(`the ${label} contract does not decrypt or verify`);
    }
}

/** Runs the benchmark; `log` gets progress lines. */
export async function runBench(
    options: BenchOptions,
    log: (line: string) => void = () => undefined,
): Promise<BenchResults> {
    const cores = os.availableParallelism();
    log(`generating two RSA-${options.bits} keys`);
    const fixture = await createFixture(options.bits);
    const floor = floorInput(
        fixture.certificate,
        fixture.signingKey,
        fixture.workloadText,
        fixture.envTextSigned,
    );
    log("checking that every contestant's contract decrypts and verifies");
    await verify("package", (await packageContract(fixture)).userData, fixture);
    await verify("floor", floorContract(floor), fixture);
    await verify("openssl", await opensslContract(fixture), fixture);

    log(`one contract, ${options.rounds} rounds`);
    // "New": every round reads its keys and archive anew, as a process that builds one
    // contract does. The others read them in the first round, as for every contract of a
    // deployment but the first.
    const fresh = Array.from({ length: options.rounds }, (_, i) => freshTexts(fixture, i));
    let round = 0;
    let floorRound = 0;
    const one = await interleaved(options.rounds, {
        buildContractNew: () => packageContract(fresh[round++]),
        buildContract: () => packageContract(fixture),
        create: () => createContract(fixture, "one"),
        floor: () => floorContract(floor),
        // The floor given the same new key texts: it parses them, and its first signature
        // with the new key sets up what later ones reuse, as the package's does.
        floorNew: () => {
            const texts = fresh[floorRound++];
            return floorContract(
                floorInput(
                    texts.certificate,
                    texts.signingKey,
                    fixture.workloadText,
                    fixture.envTextSigned,
                ),
            );
        },
        openssl: () => opensslContract(fixture),
    });

    log(`${options.contracts} contracts at once`);
    const n = options.contracts;
    const create: { ms: number; cpuMs: number }[] = [];
    const floorRuns: { ms: number; cpuMs: number }[] = [];
    // Taking turns, so that whatever else the machine does weighs on both alike.
    for (let i = 0; i < options.repeats; i++) {
        create.push(
            await timeAndCpu(() =>
                Promise.all(Array.from({ length: n }, (_, k) => createContract(fixture, `c${k}`))),
            ),
        );
        floorRuns.push(await floorSpread(fixture, n, cores));
    }
    const opensslMs = await time(() => limited(n, cores, () => opensslContract(fixture)));

    log(`preview of ${options.previews} unchanged resources`);
    const state = await createContract(fixture, "preview");
    const previews = [];
    for (let i = 0; i < options.repeats; i++) {
        previews.push(await previewContracts(fixture, state, options.previews));
    }
    const counter = countCryptoCalls();
    try {
        await previewContracts(fixture, state, options.previews);
    } finally {
        counter.restore();
    }

    log("memory");
    const peak = await measurePeak(fixture, n);
    const copies = await measureCopies(fixture, options.archive, options.repeats + 3);

    return {
        environment: {
            node: process.version,
            openssl: spawnSync("openssl", ["version"]).stdout.toString().trim(),
            cores,
            threadPool: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
            date: new Date().toISOString(),
            command: commandOf(options),
        },
        oneContract: { rounds: options.rounds, ...one },
        concurrent: {
            count: n,
            create: median(create.map((r) => r.ms)),
            floorSpread: median(floorRuns.map((r) => r.ms)),
            ratio: median(create.map((r, i) => r.ms / floorRuns[i].ms)),
            createCpu: median(create.map((r) => r.cpuMs)),
            floorSpreadCpu: median(floorRuns.map((r) => r.cpuMs)),
            openssl: opensslMs,
        },
        preview: {
            resources: options.previews,
            msPerResource: median(previews.map((p) => p.ms)) / options.previews,
            changes: Math.max(...previews.map((p) => p.changes)),
            cryptoCalls: { ...counter.counts },
            contractCryptoCalls: counter.contractCrypto(),
        },
        memory: { count: n, ...peak },
        archive: {
            bytes: copies.archiveBytes,
            package: copies.package,
            packageShared: copies.packageShared,
            floor: copies.floor,
            floorMade: copies.floorMade,
            unpacked: copies.unpacked,
            extraCopies: copies.package - copies.floorMade - copies.unpacked,
            extraCopiesShared: copies.packageShared - copies.floorMade,
        },
    };
}

/** Writes the figures as JSON, making the folder when needed. */
export function writeResults(file: string, results: BenchResults): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(results, null, 4)}\n`);
}

async function main(): Promise<void> {
    const options = parseOptions(process.argv.slice(2));
    const results = await runBench(options, (line) => process.stderr.write(`bench: ${line}\n`));
    process.stdout.write(formatResults(results));
    writeResults(options.out, results);
    process.stderr.write(`bench: wrote ${options.out}\n`);
}

if (require.main === module) {
    main().catch((e) => {
        process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(1);
    });
}
