/** The base class of this package's errors; keeps `name` and `cause`. */
export class SbomCollectorError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SbomCollectorError';
  }
}

/** Thrown for a file that is not an SBOM this collector reads; the message names the file and the problem. */
export class SbomFormatError extends SbomCollectorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SbomFormatError';
  }
}
