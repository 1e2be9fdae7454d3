/** The parts names are made of: segments checked when built and split when parsed. */

/** Thrown when a name cannot be built from the given parts. */
export class InvalidNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidNameError';
  }
}

/** A name segment: non-empty, trimmed, and free of the `/` separator. */
export function segment(kind: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidNameError(`${kind} must be a non-empty string`);
  }
  if (value.trim() !== value) {
    throw new InvalidNameError(
      `${kind} "${value}" must not start or end with whitespace`,
    );
  }
  if (value.includes('/')) {
    throw new InvalidNameError(`${kind} "${value}" must not contain "/"`);
  }
  return value;
}

/** Splits a name into exactly `count` segments that the builders would accept, or undefined. */
export function segments(name: string, count: number): string[] | undefined {
  if (typeof name !== 'string') return undefined;
  const parts = name.split('/');
  if (parts.length !== count) return undefined;
  return parts.every(part => part.length > 0 && part.trim() === part)
    ? parts
    : undefined;
}
