/** The base class of this package's errors; keeps `name` and `cause`. */
export class OsvCollectorError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OsvCollectorError';
  }
}

/** Thrown when an advisory source cannot be read: names the file, entry or URL and the problem. */
export class AdvisorySourceError extends OsvCollectorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AdvisorySourceError';
  }
}
