/**
 * Typed dataset errors, so a front end can react to a case (e.g. offer to delete a corrupt cached
 * file) without matching on message text. Every message is a full sentence a user can act on.
 */

export class DatasetError extends Error {
  override name = 'DatasetError';
}

/** The network request for a built-in file failed (offline, DNS, HTTP error status). */
export class DatasetDownloadError extends DatasetError {
  override name = 'DatasetDownloadError';
  constructor(
    message: string,
    readonly url: string,
    /** Where the file is expected; a user can place it there by hand. */
    readonly destination: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A downloaded file's bytes do not hash to the expected sha256; nothing was written to the cache. */
export class DownloadedFileHashMismatchError extends DatasetError {
  override name = 'DownloadedFileHashMismatchError';
  constructor(
    message: string,
    readonly url: string,
    readonly expectedSha256: string,
    readonly actualSha256: string,
  ) {
    super(message);
  }
}

/** A file already in the cache does not hash to the expected sha256; it was not used. */
export class CachedFileHashMismatchError extends DatasetError {
  override name = 'CachedFileHashMismatchError';
  constructor(
    message: string,
    /** The offending file; deleting it and loading again downloads a fresh copy. */
    readonly path: string,
    readonly expectedSha256: string,
    readonly actualSha256: string,
  ) {
    super(message);
  }
}
