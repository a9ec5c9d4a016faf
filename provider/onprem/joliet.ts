/**
 * Joliet: a supplementary volume descriptor whose identifiers are UCS-2, with a second
 * directory tree that records the real file names. Windows and libblkid read it; the Linux
 * kernel falls back to it when Rock Ridge is absent.
 */
import { ucs2, ucs2Field } from "./iso-fields";

/**
 * The escape sequence that marks a supplementary volume descriptor as Joliet with UCS-2
 * level 3 (`%/E`), recorded at byte 88 of the descriptor.
 */
export const JOLIET_ESCAPE = Buffer.from("%/E", "latin1");

/**
 * A Joliet file identifier: the real name in UCS-2 big-endian. The `;1` version suffix is left
 * out, as the Joliet specification allows, so that every reader shows the name exactly;
 * readers that strip a suffix find none to strip.
 */
export function jolietIdentifier(name: string): Buffer {
    return ucs2(name);
}

/**
 * Fills the identifier fields of a Joliet descriptor (offsets of ECMA-119 8.5): system and
 * volume identifiers (32 bytes), volume set, publisher, data preparer and application (128),
 * and the three file identifiers (37). Only the volume identifier has content.
 */
export function writeJolietIdentifiers(descriptor: Buffer, volumeId: string): void {
    ucs2Field(descriptor, 8, 32, "");
    ucs2Field(descriptor, 40, 32, volumeId);
    for (const offset of [190, 318, 446, 574]) ucs2Field(descriptor, offset, 128, "");
    for (const offset of [702, 739, 776]) ucs2Field(descriptor, offset, 37, "");
    JOLIET_ESCAPE.copy(descriptor, 88);
}
