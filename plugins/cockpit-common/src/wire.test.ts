import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  jsonDepthExceeds,
  MAX_VALUE_BYTES,
  MAX_VALUE_DEPTH,
  PublishBatchSchema,
  publishBatchJsonSchema,
  validatePublishMessage,
} from './wire';

const committedSchemaPath = resolve(
  __dirname,
  '../schema/publish-batch.schema.json',
);

const exampleBatch = {
  schemaVersion: 1,
  collector: 'main-collector',
  messages: [
    {
      kind: 'resource',
      type: 'ServiceDeployment',
      name: 'payment-service/prod',
      parent: { type: 'Service', name: 'payment-service' },
    },
    {
      kind: 'reading',
      type: 'health',
      storageMode: 'SNAPSHOT',
      resource: {
        type: 'ServiceInstance',
        name: 'payment-service/prod/i-0abc',
      },
      value: { status: 'UP' },
      collectedAt: '2026-11-22T10:00:00.000Z',
    },
  ],
};

describe('publish batch schema', () => {
  it('matches the committed JSON Schema file (run generate:schema after changing the zod schemas)', () => {
    const committed = JSON.parse(readFileSync(committedSchemaPath, 'utf8'));
    expect(committed).toEqual(publishBatchJsonSchema());
  });

  it('accepts the contract example in zod and in the JSON Schema alike', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(publishBatchJsonSchema());
    expect(validate(exampleBatch)).toBe(true);
    expect(PublishBatchSchema.safeParse(exampleBatch).success).toBe(true);
  });

  it('rejects a batch with an unknown message kind in both schemas', () => {
    const bad = { ...exampleBatch, messages: [{ kind: 'metric', type: 'x' }] };
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    expect(ajv.compile(publishBatchJsonSchema())(bad)).toBe(false);
    expect(PublishBatchSchema.safeParse(bad).success).toBe(false);
  });

  it('defaults a reading storage mode to SNAPSHOT', () => {
    const parsed = PublishBatchSchema.parse({
      ...exampleBatch,
      messages: [{ ...exampleBatch.messages[1], storageMode: undefined }],
    });
    expect(parsed.messages[0]).toMatchObject({ storageMode: 'SNAPSHOT' });
  });
});

describe('validatePublishMessage', () => {
  it('names the failing field in its reason', () => {
    const result = validatePublishMessage(
      {
        kind: 'reading',
        type: 'health',
        resource: { type: 'ServiceInstance' },
        value: 1,
      },
      'messages.4',
    );
    expect(result).toEqual({
      ok: false,
      reason: expect.stringContaining('messages.4.resource.name'),
    });
  });

  it('refuses a value larger than the limit and says how large it was', () => {
    const result = validatePublishMessage({
      kind: 'reading',
      type: 'blob',
      resource: { type: 'Service', name: 'a' },
      value: { text: 'x'.repeat(MAX_VALUE_BYTES + 1) },
    });
    expect(result).toEqual({
      ok: false,
      reason: expect.stringMatching(/^value: \d+ bytes exceeds the limit/),
    });
  });

  it('refuses a value nested deeper than the limit, without overflowing the stack', () => {
    const nested = (depth: number) =>
      JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    const message = (value: unknown) => ({
      kind: 'reading',
      type: 'tree',
      resource: { type: 'Service', name: 'a' },
      value,
    });
    expect(validatePublishMessage(message(nested(MAX_VALUE_DEPTH))).ok).toBe(
      true,
    );
    expect(
      validatePublishMessage(
        message(nested(MAX_VALUE_DEPTH + 1)),
        'messages.2',
      ),
    ).toEqual({
      ok: false,
      reason: `messages.2.value: nested deeper than the limit of ${MAX_VALUE_DEPTH} levels of arrays and objects`,
    });
    // Deep enough to overflow a recursive check.
    expect(validatePublishMessage(message(nested(100_000)))).toMatchObject({
      ok: false,
    });
  });

  it('measures depth over arrays and objects alike', () => {
    expect(jsonDepthExceeds(5, 0)).toBe(false);
    expect(jsonDepthExceeds({}, 0)).toBe(true);
    expect(jsonDepthExceeds({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(jsonDepthExceeds({ a: [{ b: [] }] }, 3)).toBe(true);
  });

  it('refuses a collectedAt that is not an ISO timestamp', () => {
    const result = validatePublishMessage({
      kind: 'reading',
      type: 'health',
      resource: { type: 'Service', name: 'a' },
      value: {},
      collectedAt: 'yesterday',
    });
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringContaining('collectedAt'),
    });
  });
});

describe('resource types', () => {
  it('refuses a type with a line break, so that type and name never run together in an id', () => {
    const result = validatePublishMessage({
      kind: 'resource',
      type: 'Service\nX',
      name: 'a',
    });
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringContaining('type'),
    });
  });
});
