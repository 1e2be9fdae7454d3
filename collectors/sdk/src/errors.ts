/**
 * Thrown when a collector emits a message that breaks the wire format or the value schema
 * of a well-known reading type. The message names the offending message and field.
 */
export class InvalidMessageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidMessageError';
  }
}

/** Thrown when a single message cannot fit in one publish batch, however it is split. */
export class OversizedMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OversizedMessageError';
  }
}

/**
 * Thrown when a publisher could not deliver a batch (after its retries); keeps the `cause`,
 * and `rejected` when the receiving end refused messages of it.
 */
export class PublishError extends Error {
  readonly rejected?: number;

  constructor(
    message: string,
    options?: { cause?: unknown; rejected?: number },
  ) {
    super(message, options);
    this.name = 'PublishError';
    this.rejected = options?.rejected;
  }
}

/** Thrown when a collector's configuration does not match its schema. */
export class CollectorConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CollectorConfigError';
  }
}

/** Short description of a message for error texts, e.g. `reading "health" of ServiceInstance "a/b/i-1"`. */
export function describeMessage(input: unknown): string {
  if (!input || typeof input !== 'object') {
    return `message ${JSON.stringify(input)}`;
  }
  const m = input as Record<string, any>;
  if (m.kind === 'resource') {
    return `resource ${String(m.type)} "${String(m.name)}"`;
  }
  if (m.kind === 'reading') {
    const target = m.resource ?? {};
    return `reading "${String(m.type)}" of ${String(target.type)} "${String(
      target.name,
    )}"`;
  }
  return `message of kind ${JSON.stringify(m.kind)}`;
}
