import { errorMarker, hasErrorMarker } from '@parallel-dispatcher/core';

const marker = errorMarker('ZipFormatError');

/** A zip file this reader cannot or will not extract; names the archive and what is wrong. */
export class ZipFormatError extends Error {
  readonly [marker] = true;

  constructor(
    readonly archive: string,
    readonly reason: string,
  ) {
    super(`${archive}: ${reason}`);
    this.name = 'ZipFormatError';
  }

  static isInstance(value: unknown): value is ZipFormatError {
    return hasErrorMarker(value, marker);
  }
}
