import { createResourceIds, parseBatch } from './parse';
import { planWrites } from './plan';
import { findUnserializableValues, withRefusedMessages } from './refusedValues';
import { hasNonFiniteNumber } from './jsonText';

const body = `{"schemaVersion":1,"collector":"c","messages":[
  {"kind":"reading","type":"a","resource":{"type":"Service","name":"s"},"value":{"list":[1,{"deep":-1e999}]}},
  {"kind":"reading","type":"b","resource":{"type":"Service","name":"s"},"value":{"fine":1.5e300}}]}`;

describe('findUnserializableValues and withRefusedMessages', () => {
  it('refuse the messages whose value would not survive serializing, keep the rest, and change no batch in place', () => {
    const batch = parseBatch({
      input: { body, source: 'sqs:1', receivedAt: new Date() },
      batchIndex: 0,
      ids: createResourceIds(),
    });
    expect(batch.messages).toHaveLength(2);

    const refused = findUnserializableValues([batch]);
    const [after] = withRefusedMessages([batch], refused);

    expect(refused.size).toBe(1);
    expect(batch.messages).toHaveLength(2);
    expect(after.messages.map(m => m.index)).toEqual([1]);
    expect(after.rejectedMessages.get(0)).toBe(
      "messages.0.value: holds a number beyond the range of a double, and PostgreSQL refused the text of this call's values",
    );
    expect(after.rejections).toHaveLength(1);
    expect(after.rejections[0].payload).toBe(
      '{"kind":"reading","type":"a","resource":{"type":"Service","name":"s"},"value":{"list":[1,{"deep":-1e999}]}}',
    );
    const plan = planWrites([after]);
    expect(plan.snapshots.map(r => r.type)).toEqual(['b']);
    expect(plan.rejections).toHaveLength(1);
  });
});

describe('hasNonFiniteNumber', () => {
  it('finds Infinity at any depth, and nothing in finite values', () => {
    expect(hasNonFiniteNumber({ a: [1, { b: Infinity }] })).toBe(true);
    expect(hasNonFiniteNumber(-Infinity)).toBe(true);
    expect(hasNonFiniteNumber({ a: [1, { b: 1e308 }], s: 'Infinity' })).toBe(
      false,
    );
    let deep: unknown = Infinity;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(hasNonFiniteNumber(deep)).toBe(true);
  });
});
