import {
  MAX_BATCH_BYTES,
  MAX_VALUE_BYTES,
  MAX_VALUE_DEPTH,
} from '@cockpit/plugin-cockpit-common';
import { PublishInputValidator, validatePublishText } from './publishInput';

const service = { type: 'Service', name: 'payments' };
const instance = { type: 'ServiceInstance', name: 'payments/prod/i-1' };
const health = (value: unknown = { status: 'UP' }) => ({
  kind: 'reading',
  type: 'health',
  resource: instance,
  value,
});
const batch = (...messages: unknown[]) =>
  JSON.stringify({ schemaVersion: 1, collector: 'test', messages });
const problemsOf = (text: string) => validatePublishText(text).problems;

describe('validatePublishText', () => {
  it('passes NDJSON batches that would land, counting batches and messages', () => {
    const text = `${batch({ kind: 'resource', ...service }, health())}\n${batch(
      health(),
    )}\n`;

    expect(validatePublishText(text)).toEqual({
      problems: [],
      summary: {
        batches: 2,
        messages: 3,
        refusedBatches: 0,
        refusedMessages: 0,
        problems: 0,
      },
    });
  });

  it('names the line, the message and the field of a wire schema problem', () => {
    const text = `${batch(health())}\n\n${batch(health(), {
      kind: 'resource',
      type: 'Service',
    })}`;

    expect(problemsOf(text)).toEqual([
      {
        line: 3,
        messageIndex: 1,
        field: 'messages.1.name',
        message: expect.stringContaining('expected string'),
      },
    ]);
  });

  it('applies the value schema and resource type of a well-known reading, like the SDK', () => {
    const ownership = {
      kind: 'reading',
      type: 'ownership',
      resource: instance,
      value: { team: '' },
    };

    expect(problemsOf(batch(ownership))).toEqual([
      {
        line: 1,
        messageIndex: 0,
        field: 'messages.0.resource.type',
        message: '"ownership" belongs on Service',
      },
      {
        line: 1,
        messageIndex: 0,
        field: 'messages.0.value.team',
        message: expect.stringContaining('Too small'),
      },
    ]);
  });

  it('applies the name rules of the well-known resource types', () => {
    expect(
      problemsOf(
        batch({ kind: 'resource', type: 'Service', name: 'payments/api' }),
      ),
    ).toEqual([
      {
        line: 1,
        messageIndex: 0,
        field: 'messages.0.name',
        message: expect.stringContaining('a Service is named <service>'),
      },
    ]);
  });

  it('refuses a batch larger than an SNS message', () => {
    const values = Array.from({ length: 3 }, () => ({
      kind: 'reading',
      type: 'blob',
      resource: service,
      value: 'x'.repeat(100_000),
    }));

    expect(problemsOf(batch(...values))).toEqual([
      {
        line: 1,
        messageIndex: null,
        field: '(batch)',
        message: expect.stringContaining(
          `exceeds the limit of ${MAX_BATCH_BYTES} bytes`,
        ),
      },
    ]);
  });

  it('refuses a value over the size limit, with the sink reason', () => {
    const big = {
      kind: 'reading',
      type: 'blob',
      resource: service,
      value: 'x'.repeat(MAX_VALUE_BYTES),
    };

    expect(problemsOf(batch(big))).toEqual([
      {
        line: 1,
        messageIndex: 0,
        field: 'messages.0.value',
        message: expect.stringContaining(
          `exceeds the limit of ${MAX_VALUE_BYTES} bytes`,
        ),
      },
    ]);
  });

  it('refuses a value nested deeper than the limit', () => {
    const deep = `${'['.repeat(MAX_VALUE_DEPTH + 1)}${']'.repeat(
      MAX_VALUE_DEPTH + 1,
    )}`;
    const text = batch({
      kind: 'reading',
      type: 'tree',
      resource: service,
      value: 0,
    }).replace('"value":0', `"value":${deep}`);

    expect(problemsOf(text)).toEqual([
      {
        line: 1,
        messageIndex: 0,
        field: 'messages.0.value',
        message: expect.stringContaining('nested deeper than the limit'),
      },
    ]);
  });

  it.each([
    ['a NUL character', '"a\\u0000b"'],
    ['a lone surrogate', '"a\\ud800b"'],
  ])('refuses %s, which PostgreSQL cannot store', (_what, json) => {
    const text = batch({
      kind: 'reading',
      type: 'note',
      resource: service,
      value: { text: 0 },
    }).replace('"text":0', `"text":${json}`);

    expect(problemsOf(text)).toEqual([
      {
        line: 1,
        messageIndex: 0,
        field: 'messages.0.value.text',
        message: expect.stringContaining('cannot store'),
      },
    ]);
  });

  it('refuses a bare NaN, saying why and how Python avoids it', () => {
    const text = batch(health({ status: 'UP', load: 0 })).replace(
      '"load":0',
      '"load":NaN',
    );

    expect(problemsOf(`${batch(health())}\n${text}`)).toEqual([
      {
        line: 2,
        messageIndex: null,
        field: 'body',
        message: expect.stringMatching(/not valid JSON.*allow_nan=False/),
      },
    ]);
  });

  it('checks lone messages in a batch of one, naming their fields without a batch prefix', () => {
    const event = {
      kind: 'reading',
      type: 'service-event',
      resource: service,
      value: { kind: 'deployment', title: 'v2' },
    };
    const text = `${JSON.stringify({
      ...event,
      storageMode: 'TIME_SERIES',
    })}\n${JSON.stringify(event)}`;

    expect(validatePublishText(text)).toEqual({
      problems: [
        {
          line: 2,
          messageIndex: null,
          field: 'storageMode',
          message: expect.stringContaining('stored as TIME_SERIES'),
        },
      ],
      summary: {
        batches: 0,
        messages: 2,
        refusedBatches: 0,
        refusedMessages: 1,
        problems: 1,
      },
    });
  });

  it('reads one pretty-printed JSON document, and an array of batches', () => {
    const pretty = JSON.stringify(
      JSON.parse(batch(health({ status: 'FINE' }))),
      null,
      2,
    );
    const array = `[${batch(health())}, ${batch(health())}]`;

    expect(problemsOf(`\n${pretty}\n`)).toEqual([
      {
        line: 2,
        messageIndex: 0,
        field: 'messages.0.value.status',
        message: expect.any(String),
      },
    ]);
    expect(validatePublishText(array).summary).toMatchObject({
      batches: 2,
      problems: 0,
    });
  });

  it('reads NDJSON whose first line is broken line by line', () => {
    const text = `{"schemaVersion":1,\n${batch(health())}\n${batch(
      health({}),
    )}`;

    expect(problemsOf(text).map(p => [p.line, p.field])).toEqual([
      [1, 'body'],
      [3, 'messages.0.value.status'],
    ]);
  });

  it('streams a long NDJSON input with a broken first line instead of holding it whole', () => {
    const line = batch({
      kind: 'reading',
      type: 'blob',
      resource: service,
      value: 'x'.repeat(100_000),
    });
    const lines = [
      '{"schemaVersion":1,',
      ...Array.from({ length: 200 }, () => line),
    ];
    const validator = new PublishInputValidator();

    const problemsBeforeTheEnd = lines.flatMap(l => validator.addLine(l));

    expect(problemsBeforeTheEnd.map(p => [p.line, p.field])).toEqual([
      [1, 'body'],
    ]);
    expect(validator.finish()).toEqual([]);
    expect(validator.summary()).toMatchObject({
      batches: 201,
      messages: 200,
      problems: 1,
    });
  });

  it('refuses an envelope that is not a publish batch', () => {
    expect(
      problemsOf(
        JSON.stringify({ schemaVersion: 2, collector: 'x', messages: [] }),
      ).map(p => p.field),
    ).toEqual(['schemaVersion', 'messages']);
  });

  it('refuses an empty input', () => {
    expect(problemsOf('\n\n')).toEqual([
      {
        line: 2,
        messageIndex: null,
        field: '(input)',
        message: 'holds no publish batch and no message',
      },
    ]);
  });
});
