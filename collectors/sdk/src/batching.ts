import {
  MAX_BATCH_BYTES,
  PublishBatch,
  PublishMessage,
  PublishMessageInput,
  SCHEMA_VERSION,
  describeProblems,
  utf8ByteLength,
  validatePublishMessage,
  wellKnownMessageProblems,
} from '@cockpit/plugin-cockpit-common';
import {
  describeMessage,
  InvalidMessageError,
  OversizedMessageError,
} from './errors';

/**
 * A publish batch ready to leave: its parsed messages, its exact JSON body and the size of
 * that body in UTF-8 bytes (the way SNS counts a message body).
 */
export interface PreparedBatch {
  collector: string;
  messages: PublishMessage[];
  /** `JSON.stringify` of the batch; what is sent as the SNS message body. */
  body: string;
  /** `utf8ByteLength(body)`, computed without serializing twice. */
  bytes: number;
}

/** Parses the body of a prepared batch back into a publish batch object. */
export function batchOf(prepared: PreparedBatch): PublishBatch {
  return {
    schemaVersion: SCHEMA_VERSION,
    collector: prepared.collector,
    messages: prepared.messages,
  };
}

/**
 * Validates one message (wire schema, value size and depth, then the rules of the well-known
 * resource and reading types) and returns it parsed and serialized.
 * @throws InvalidMessageError naming the message and the failing field
 */
export function prepareMessage(input: PublishMessageInput | unknown): {
  message: PublishMessage;
  json: string;
} {
  const result = validatePublishMessage(input);
  if (!result.ok) {
    throw new InvalidMessageError(
      `invalid ${describeMessage(input)}: ${result.reason}`,
    );
  }
  const problems = wellKnownMessageProblems(input as PublishMessageInput);
  if (problems.length > 0) {
    throw new InvalidMessageError(
      `invalid ${describeMessage(input)}: ${describeProblems(problems)}`,
    );
  }
  return { message: result.message, json: JSON.stringify(result.message) };
}

/**
 * Accumulates validated messages into publish batches whose serialized body stays within
 * `maxBatchBytes` UTF-8 bytes.
 *
 * @example
 * const builder = new BatchBuilder({ collector: 'my-collector' });
 * for (const m of messages) { const full = builder.add(m); if (full) await send(full); }
 * const last = builder.finish(); if (last) await send(last);
 */
export class BatchBuilder {
  readonly collector: string;
  readonly maxBatchBytes: number;
  readonly maxMessagesPerBatch: number;
  private readonly prefix: string;
  private readonly overheadBytes: number;
  private jsons: string[] = [];
  private messages: PublishMessage[] = [];
  private bytes = 0;

  constructor(options: {
    collector: string;
    /** Largest body in UTF-8 bytes; defaults to {@link MAX_BATCH_BYTES}. */
    maxBatchBytes?: number;
    /** Largest number of messages per batch; unlimited by default. */
    maxMessagesPerBatch?: number;
  }) {
    this.collector = options.collector;
    this.maxBatchBytes = options.maxBatchBytes ?? MAX_BATCH_BYTES;
    this.maxMessagesPerBatch =
      options.maxMessagesPerBatch ?? Number.POSITIVE_INFINITY;
    this.prefix = `{"schemaVersion":${SCHEMA_VERSION},"collector":${JSON.stringify(
      options.collector,
    )},"messages":[`;
    // the prefix plus the closing `]}`
    this.overheadBytes = utf8ByteLength(this.prefix) + 2;
  }

  /** Number of messages waiting in the open batch. */
  get pendingMessages(): number {
    return this.messages.length;
  }

  /**
   * Adds one message. Returns the batch it closed when the message did not fit in it (the
   * message then opens the next batch), otherwise undefined.
   * @throws InvalidMessageError for a message that breaks the schema
   * @throws OversizedMessageError for a message that cannot fit in any batch
   */
  add(input: PublishMessageInput | unknown): PreparedBatch | undefined {
    const { message, json } = prepareMessage(input);
    const messageBytes = utf8ByteLength(json);
    if (this.overheadBytes + messageBytes > this.maxBatchBytes) {
      throw new OversizedMessageError(
        `${describeMessage(
          message,
        )} is ${messageBytes} bytes, which cannot fit in a publish batch of at most ${
          this.maxBatchBytes
        } bytes`,
      );
    }
    let closed: PreparedBatch | undefined;
    const separator = this.messages.length > 0 ? 1 : 0;
    if (
      this.messages.length >= this.maxMessagesPerBatch ||
      this.overheadBytes + this.bytes + separator + messageBytes >
        this.maxBatchBytes
    ) {
      closed = this.finish();
    }
    this.bytes += (this.messages.length > 0 ? 1 : 0) + messageBytes;
    this.jsons.push(json);
    this.messages.push(message);
    return closed;
  }

  /** Closes and returns the open batch, or undefined when it is empty. */
  finish(): PreparedBatch | undefined {
    if (this.messages.length === 0) {
      return undefined;
    }
    const prepared: PreparedBatch = {
      collector: this.collector,
      messages: this.messages,
      body: `${this.prefix}${this.jsons.join(',')}]}`,
      bytes: this.overheadBytes + this.bytes,
    };
    this.jsons = [];
    this.messages = [];
    this.bytes = 0;
    return prepared;
  }
}

/**
 * Splits a set of messages into publish batches that each fit `maxBatchBytes`.
 *
 * @example
 * const batches = splitIntoBatches({ collector: 'sbom', messages });
 */
export function splitIntoBatches(options: {
  collector: string;
  messages: Iterable<PublishMessageInput>;
  maxBatchBytes?: number;
  maxMessagesPerBatch?: number;
}): PreparedBatch[] {
  const builder = new BatchBuilder(options);
  const batches: PreparedBatch[] = [];
  for (const message of options.messages) {
    const closed = builder.add(message);
    if (closed) batches.push(closed);
  }
  const last = builder.finish();
  if (last) batches.push(last);
  return batches;
}
