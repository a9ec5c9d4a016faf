/**
 * Workload archives: building the deterministic tar.gz that goes into `workload.compose.archive`
 * or `workload.play.archive`, and reading one back to check what the enclave would refuse.
 */

export { archiveFiles, archiveFolder } from "./archive";
export type { ArchiveFile, FolderArchive, FolderArchiveEntry } from "./archive";
export { ArchiveError } from "./errors";
export { GZIP_HEADER } from "./gzip";
export { DEFAULT_ARCHIVE_LIMITS, inspectArchive, topLevelFiles } from "./inspect";
export type { ArchiveEntry, ArchiveInspection, ArchiveLimits } from "./inspect";
export type { TarEntryType } from "./tar";
export { TarFormatError, TarLimitError, readTar } from "./tar-reader";
export type { TarEntry, TarReadOptions } from "./tar-reader";
export { ARCHIVE_MTIME, writeTar } from "./tar-writer";
export type { TarWriterEntry } from "./tar-writer";
