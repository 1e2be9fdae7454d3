import { z } from 'zod';
import { wellKnownJsonSchemaRules } from './wellKnown';

/** The wire format version this package writes and the sink reads. */
export const SCHEMA_VERSION = 1;

/** SNS's default (and maximum standard) message size: a publish batch must fit in it. */
export const MAX_BATCH_BYTES = 256 * 1024;

/** The largest serialized reading value the sink accepts, in UTF-8 bytes. */
export const MAX_VALUE_BYTES = 200 * 1024;

/**
 * The deepest nesting of arrays and objects a reading value may have. Deeper documents are
 * refused with a reason: recursive validators, `JSON.stringify` and PostgreSQL's JSON parser
 * all run out of stack somewhere between 2,000 and 20,000 levels.
 */
export const MAX_VALUE_DEPTH = 512;

/** The longest resource or reading type. */
export const MAX_TYPE_LENGTH = 200;

/** The longest resource name. */
export const MAX_NAME_LENGTH = 2000;

const typeSchema = z
  .string()
  .min(1)
  .max(MAX_TYPE_LENGTH)
  .regex(/^\S(.*\S)?$/, 'must not start or end with whitespace')
  .describe('Free-form type, e.g. ServiceInstance or health');

const nameSchema = z
  .string()
  .min(1)
  .max(MAX_NAME_LENGTH)
  .describe(
    'Deterministic name, unique within its type (built by the name helpers)',
  );

/** A reference to a resource by its type and name. */
export const ResourceRefSchema = z
  .object({ type: typeSchema, name: nameSchema })
  .strict()
  .describe('A resource, named by type and name');

/** A message that declares a resource and, optionally, its parent. */
export const ResourceMessageSchema = z
  .object({
    kind: z.literal('resource'),
    type: typeSchema,
    name: nameSchema,
    parent: ResourceRefSchema.nullable().optional(),
  })
  .strict();

/** The storage mode of a reading on the wire. */
export const StorageModeSchema = z.enum(['SNAPSHOT', 'TIME_SERIES']);

/** A JSON value: what a reading's value may be. */
export const JsonValueSchema: z.ZodType<unknown> = z
  .json()
  .describe('Any JSON document');

/** A message that carries one reading of one resource. */
export const ReadingMessageSchema = z
  .object({
    kind: z.literal('reading'),
    type: typeSchema,
    storageMode: StorageModeSchema.default('SNAPSHOT'),
    resource: ResourceRefSchema,
    value: JsonValueSchema,
    collectedAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe(
        'When the collector measured it; defaults to the SNS notification Timestamp',
      ),
  })
  .strict();

/** One message of a publish batch. */
export const PublishMessageSchema = z.discriminatedUnion('kind', [
  ResourceMessageSchema,
  ReadingMessageSchema,
]);

/** The body of one SNS message: a publish batch. */
export const PublishBatchSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    collector: z
      .string()
      .min(1)
      .max(200)
      .describe('Id of the publishing collector'),
    messages: z.array(PublishMessageSchema).min(1),
  })
  .strict()
  .describe('Cockpit publish batch (the body of one SNS message)');

/**
 * The envelope of a publish batch with its messages left unparsed, so that a
 * receiver can validate each message on its own and quarantine only the bad ones.
 */
export const PublishBatchEnvelopeSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  collector: z.string().min(1).max(200),
  messages: z.array(z.unknown()).min(1),
});

/** What became of one message of an ingested batch. */
export const IngestMessageOutcomeSchema = z.object({
  index: z.number().int(),
  status: z.enum(['accepted', 'rejected']),
  reason: z.string().optional(),
});

/**
 * What became of one publish batch: counts and a verdict per message; `batchRejected` is set
 * when the whole batch was refused (bad JSON, bad envelope). The answer of `POST /ingest` and
 * the result of the sink's core alike.
 */
export const IngestResponseSchema = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  messages: z.array(IngestMessageOutcomeSchema),
  batchRejected: z.string().optional(),
  /** With `batchRejected`: the id of the row of `rejections` that keeps the body as received. */
  rejectionId: z.string().optional(),
});
/** A reference to a resource by type and name. */
export type ResourceRef = z.infer<typeof ResourceRefSchema>;
/** What became of one message of an ingested batch. */
export type IngestMessageOutcome = z.infer<typeof IngestMessageOutcomeSchema>;
/** What became of one publish batch (see {@link IngestResponseSchema}). */
export type IngestResponse = z.infer<typeof IngestResponseSchema>;
/** A resource message as written by a collector. */
export type ResourceMessage = z.infer<typeof ResourceMessageSchema>;
/** A reading message as written by a collector (storageMode optional). */
export type ReadingMessageInput = z.input<typeof ReadingMessageSchema>;
/** A reading message after parsing (storageMode filled in). */
export type ReadingMessage = z.infer<typeof ReadingMessageSchema>;
/** One message of a publish batch, after parsing. */
export type PublishMessage = z.infer<typeof PublishMessageSchema>;
/** One message of a publish batch, as written. */
export type PublishMessageInput = z.input<typeof PublishMessageSchema>;
/** A publish batch, after parsing. */
export type PublishBatch = z.infer<typeof PublishBatchSchema>;
/** A publish batch, as written. */
export type PublishBatchInput = z.input<typeof PublishBatchSchema>;

/** Size in UTF-8 bytes of a string, the way SNS and the sink count it. */
export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Describes a zod error as one line that names each failing field by its path,
 * e.g. `messages.3.resource.name: Too small: expected string to have >=1 characters`.
 */
export function describeZodError(error: z.ZodError, pathPrefix = ''): string {
  return error.issues
    .map(issue => {
      const path = [pathPrefix, ...issue.path.map(String)]
        .filter(Boolean)
        .join('.');
      return `${path || '(root)'}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Checks one message the way the sink does (schema, then value size), returning the
 * parsed message or a reason that names the failing field.
 */
export function validatePublishMessage(
  input: unknown,
  pathPrefix = '',
): { ok: true; message: PublishMessage } | { ok: false; reason: string } {
  // Before the schema, whose JSON check recurses: a deep enough value would overflow the stack.
  const value =
    input && typeof input === 'object'
      ? (input as { value?: unknown }).value
      : undefined;
  if (jsonDepthExceeds(value, MAX_VALUE_DEPTH)) {
    return { ok: false, reason: tooDeepReason(pathPrefix) };
  }
  const parsed = PublishMessageSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, reason: describeZodError(parsed.error, pathPrefix) };
  }
  const message = parsed.data;
  if (message.kind === 'reading') {
    const bytes = utf8ByteLength(JSON.stringify(message.value));
    if (bytes > MAX_VALUE_BYTES) {
      const field = [pathPrefix, 'value'].filter(Boolean).join('.');
      return {
        ok: false,
        reason: `${field}: ${bytes} bytes exceeds the limit of ${MAX_VALUE_BYTES} bytes`,
      };
    }
  }
  return { ok: true, message };
}

/** The reason given for a value nested deeper than {@link MAX_VALUE_DEPTH}. */
export function tooDeepReason(pathPrefix = ''): string {
  const field = [pathPrefix, 'value'].filter(Boolean).join('.');
  return `${field}: nested deeper than the limit of ${MAX_VALUE_DEPTH} levels of arrays and objects`;
}

/**
 * Whether a value nests arrays and objects deeper than `limit` levels (a scalar has depth 0,
 * `[]` and `{}` depth 1). Iterative, so it is safe on values of any depth.
 */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: Array<{ value: object; depth: number }> = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const { value: node, depth } = stack.pop()!;
    if (depth > limit) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) {
      if (child !== null && typeof child === 'object') {
        stack.push({ value: child, depth: depth + 1 });
      }
    }
  }
  return false;
}

/**
 * The JSON Schema (draft 2020-12) of the publish batch, for collectors in other languages: the
 * wire schema plus the rules of the well-known resource and reading types
 * ({@link wellKnownMessageProblems}), so that a batch it accepts is refused by nothing
 * downstream but the limits a schema cannot state (sizes, depth, NUL and lone surrogates).
 */
export function publishBatchJsonSchema(): Record<string, unknown> {
  const wire = z.toJSONSchema(PublishBatchSchema, {
    io: 'input',
    target: 'draft-2020-12',
  }) as Record<string, any>;
  const { $defs, messageRules } = wellKnownJsonSchemaRules();
  const messages = wire.properties.messages;
  return {
    $id: 'https://cockpit.dev/schemas/publish-batch-v1.json',
    title: 'Cockpit publish batch',
    ...wire,
    description:
      `The body of one SNS message. Beyond this schema: the body must fit ${MAX_BATCH_BYTES} UTF-8 bytes; ` +
      `a reading value serialized at most ${MAX_VALUE_BYTES} bytes, nested at most ${MAX_VALUE_DEPTH} levels ` +
      'of arrays and objects; no string or key may hold a NUL character or a lone surrogate; numbers must be ' +
      'JSON numbers (no NaN or Infinity). `yarn cockpit validate` checks all of it.',
    properties: {
      ...wire.properties,
      messages: {
        ...messages,
        items: { allOf: [messages.items, ...messageRules] },
      },
    },
    $defs: { ...wire.$defs, ...$defs },
  };
}
