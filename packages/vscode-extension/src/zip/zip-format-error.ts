/** A zip file this reader cannot or will not extract; names the archive and what is wrong. */
export class ZipFormatError extends Error {
  constructor(
    readonly archive: string,
    readonly reason: string,
  ) {
    super(`${archive}: ${reason}`);
    this.name = 'ZipFormatError';
  }

  static isInstance(error: unknown): error is ZipFormatError {
    return error instanceof Error && error.name === 'ZipFormatError';
  }
}
