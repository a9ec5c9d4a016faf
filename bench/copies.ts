/**
 * What a compose archive costs in copies: the bytes that building one contract allocates per
 * byte of its archive, for the package (an archive new to the process, and one that an earlier
 * contract carried), for the floor, and for the floor made to pay for the two strings every
 * contract must make.
 */
import * as zlib from "node:zlib";
import { workloadPlaintext } from "../provider/contract/plaintext";
import { readSection } from "../provider/contract/section";
import { perArchiveByte, REPETITIONS } from "./allocation";
import { composeWorkload, type BenchFixture } from "./fixture";
import { floorContract, floorInput, type FloorInput } from "./floor";
import { packageContract } from "./package";

/** What one contract allocates per byte of its compose archive. */
export interface ArchiveCopies {
    /** The archive's size in bytes (decoded, as a tar.gz). */
    readonly archiveBytes: number;
    /** Bytes allocated per archive byte by the package's `buildContract`, for a new archive. */
    readonly package: number;
    /** The same for an archive that an earlier contract of the process carried already. */
    readonly packageShared: number;
    /** Bytes allocated per archive byte by the floor. */
    readonly floor: number;
    /**
     * The same for the floor when it makes the two strings a contract needs: its workload text
     * from pieces around the archive, and its user data as one string (the floor leaves it as
     * a rope of pieces, which no caller can use without joining).
     */
    readonly floorMade: number;
    /**
     * The archive's tar, unpacked, per archive byte: what validating an archive new to the
     * process must hold once (its entries and compose file are read from it).
     */
    readonly unpacked: number;
}

/** The workload text in three pieces: before the archive, the archive, after it. */
function piecesOf(workload: Record<string, unknown>): [string, string, string] {
    const text = plainText(workload);
    const archive = (workload.compose as { archive: string }).archive;
    const at = text.indexOf(archive);
    return [text.slice(0, at), archive, text.slice(at + archive.length)];
}

function floorMade(input: FloorInput, pieces: [string, string, string]): number {
    const workloadText = pieces[0] + pieces[1] + pieces[2];
    return Buffer.byteLength(floorContract({ ...input, workloadText }));
}

function plainText(workload: Record<string, unknown>): string {
    const section = readSection("workload", workload).section;
    if (section?.kind !== "plain") throw new Error("not a plain workload");
    return workloadPlaintext(section);
}

/**
 * Measures {@link ArchiveCopies} for an archive of about `padding` bytes, each figure over
 * `runs` contracts.
 */
export async function copies(
    fixture: BenchFixture,
    padding: number,
    runs: number,
): Promise<ArchiveCopies> {
    // Every run gets archives never seen before, so that none was analysed by an earlier one.
    // Enough for the compiler to settle on the code that builds a contract.
    const warmUps = 12;
    const count = REPETITIONS * runs + warmUps;
    const small = Array.from({ length: count }, (_, i) => composeWorkload(0, i));
    const large = Array.from({ length: count }, (_, i) => composeWorkload(padding, i));
    const archive = (large[0].compose as { archive: string }).archive;
    const archiveBytes = Buffer.from(archive, "base64").length;
    const unpacked = zlib.gunzipSync(Buffer.from(archive, "base64")).length / archiveBytes;
    const floors = (workloads: Record<string, unknown>[]) =>
        workloads.map((w) =>
            floorInput(
                fixture.certificate,
                fixture.signingKey,
                plainText(w),
                fixture.envTextSigned,
            ),
        );
    const floorSmall = floors(small);
    const floorLarge = floors(large);
    const piecesSmall = small.map(piecesOf);
    const piecesLarge = large.map(piecesOf);
    // HPVS's 64 KiB of user data cannot hold such an archive; on-prem CCRT can.
    const build = (workload: unknown) => packageContract(fixture, workload, "ccrt");
    for (let i = 0; i < warmUps; i++) {
        await build(small[count - 1 - i]);
        await build(large[count - 1 - i]);
        floorContract(floorSmall[count - 1 - i]);
        floorContract(floorLarge[count - 1 - i]);
        floorMade(floorSmall[count - 1 - i], piecesSmall[count - 1 - i]);
        floorMade(floorLarge[count - 1 - i], piecesLarge[count - 1 - i]);
    }
    const measure = (small: (i: number) => unknown, large: (i: number) => unknown) =>
        perArchiveByte(small, large, archiveBytes, runs);
    const result = {
        archiveBytes,
        package: await measure(
            (i) => build(small[i]),
            (i) => build(large[i]),
        ),
        floor: await measure(
            (i) => floorContract(floorSmall[i]),
            (i) => floorContract(floorLarge[i]),
        ),
        floorMade: await measure(
            (i) => floorMade(floorSmall[i], piecesSmall[i]),
            (i) => floorMade(floorLarge[i], piecesLarge[i]),
        ),
    };
    // One archive for every run, read once before: every contract of a fleet but the first.
    await build(small[0]);
    await build(large[0]);
    const packageShared = await measure(
        () => build(small[0]),
        () => build(large[0]),
    );
    return { ...result, packageShared, unpacked };
}
