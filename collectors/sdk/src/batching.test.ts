import {
  MAX_BATCH_BYTES,
  PublishBatchSchema,
  utf8ByteLength,
} from '@cockpit/plugin-cockpit-common';
import { BatchBuilder, splitIntoBatches } from './batching';
import { InvalidMessageError, OversizedMessageError } from './errors';

const reading = (i: number, text: string) => ({
  kind: 'reading' as const,
  type: 'note',
  resource: { type: 'Service', name: `service-${i}` },
  value: { text },
  collectedAt: '2026-11-22T10:00:00.000Z',
});

describe('splitIntoBatches', () => {
  it('keeps every batch within the byte limit counted in UTF-8, as SNS counts', () => {
    // multi-byte characters: a count in UTF-16 code units would be wrong by a factor of 3
    const messages = Array.from({ length: 400 }, (_, i) =>
      reading(i, '€'.repeat(1000)),
    );
    const batches = splitIntoBatches({
      collector: 'c',
      messages,
      maxBatchBytes: 64 * 1024,
    });

    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) {
      expect(utf8ByteLength(batch.body)).toBe(batch.bytes);
      expect(batch.bytes).toBeLessThanOrEqual(64 * 1024);
      expect(
        PublishBatchSchema.parse(JSON.parse(batch.body)).messages,
      ).toHaveLength(batch.messages.length);
    }
    expect(
      batches.flatMap(b => b.messages.map(m => (m as any).resource.name)),
    ).toEqual(messages.map(m => m.resource.name));
  });

  it('fills batches close to the limit instead of splitting early', () => {
    const messages = Array.from({ length: 1000 }, (_, i) =>
      reading(i, 'x'.repeat(500)),
    );
    const batches = splitIntoBatches({ collector: 'c', messages });
    const messageBytes = utf8ByteLength(
      JSON.stringify({ ...messages[0], storageMode: 'SNAPSHOT' }),
    );

    for (const batch of batches.slice(0, -1)) {
      expect(batch.bytes + messageBytes + 1).toBeGreaterThan(MAX_BATCH_BYTES);
    }
  });

  it('refuses a single message that cannot fit in any batch, naming it', () => {
    const builder = new BatchBuilder({ collector: 'c', maxBatchBytes: 2000 });

    expect(() => builder.add(reading(7, 'y'.repeat(5000)))).toThrow(
      OversizedMessageError,
    );
    expect(() => builder.add(reading(7, 'y'.repeat(5000)))).toThrow(
      /reading "note" of Service "service-7" is \d+ bytes/,
    );
  });

  it('refuses an invalid message with an error naming the message and the field', () => {
    const builder = new BatchBuilder({ collector: 'c' });

    expect(() =>
      builder.add({ kind: 'resource', type: 'ServiceInstance', name: '' }),
    ).toThrow(InvalidMessageError);
    expect(() =>
      builder.add({ kind: 'resource', type: 'ServiceInstance', name: '' }),
    ).toThrow(/resource ServiceInstance "": name:/);
  });

  it('refuses a reading whose value exceeds the sink value limit', () => {
    const builder = new BatchBuilder({ collector: 'c' });

    expect(() => builder.add(reading(1, 'z'.repeat(210 * 1024)))).toThrow(
      /reading "note" of Service "service-1": value: \d+ bytes exceeds/,
    );
  });

  it('refuses a well-known resource named against its rule, whoever built the message', () => {
    const builder = new BatchBuilder({ collector: 'c' });

    expect(() =>
      builder.add({ kind: 'resource', type: 'Service', name: 'payments/api' }),
    ).toThrow(
      new InvalidMessageError(
        'invalid resource Service "payments/api": name: a Service is named <service> (each part non-empty, without "/" and without surrounding whitespace), not "payments/api"',
      ),
    );
  });

  it('refuses a raw well-known reading that breaks its value schema, naming the field', () => {
    const builder = new BatchBuilder({ collector: 'c' });
    const ownership = {
      kind: 'reading',
      type: 'ownership',
      resource: { type: 'Service', name: 'payments' },
      value: { team: '' },
    };

    expect(() => builder.add(ownership)).toThrow(
      /^invalid reading "ownership" of Service "payments": value\.team: Too small/,
    );
  });

  it('respects a message count limit', () => {
    const messages = Array.from({ length: 25 }, (_, i) => reading(i, 'a'));
    const batches = splitIntoBatches({
      collector: 'c',
      messages,
      maxMessagesPerBatch: 10,
    });

    expect(batches.map(b => b.messages.length)).toEqual([10, 10, 5]);
  });
});
