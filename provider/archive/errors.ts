/**
 * The error of archive building, kept apart so that the folder reader and the archive builder
 * can both throw it.
 */

/**
 * The error thrown when a folder or a list of files cannot be turned into an archive. Its
 * message names the offending path and says what to do.
 */
export class ArchiveError extends Error {
    /**
     * The offending path inside the archive (relative to the folder, `/`-separated); absent
     * when the folder itself or the whole list is at fault.
     */
    readonly entry?: string;

    /**
     * @param message The whole message, naming the path and the fix.
     * @param entry The offending path inside the archive, if any.
     */
    constructor(message: string, entry?: string) {
        super(message);
        this.name = "ArchiveError";
        if (entry !== undefined) {
            this.entry = entry;
        }
    }
}
