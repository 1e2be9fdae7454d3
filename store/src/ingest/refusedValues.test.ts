import { createParseContext, hasNonFiniteNumber, parseBatch } from './parse';
import { planWrites } from './plan';
import {
  payloadWithValueText,
  quarantineUnserializableValues,
} from './refusedValues';

const body = `{"schemaVersion":1,"collector":"c","messages":[
  {"kind":"reading","type":"a","resource":{"type":"Service","name":"s"},"value":{"list":[1,{"deep":-1e999}]}},
  {"kind":"reading","type":"b","resource":{"type":"Service","name":"s"},"value":{"fine":1.5e300}}]}`;

describe('quarantineUnserializableValues', () => {
  it('refuses the messages whose value would not survive serializing, and keeps the rest', () => {
    const batch = parseBatch(
      { body, source: 'sqs:1', receivedAt: new Date() },
      0,
      createParseContext(),
    );
    expect(batch.messages).toHaveLength(2);

    expect(quarantineUnserializableValues([batch])).toBe(1);

    expect(batch.messages.map(m => m.index)).toEqual([1]);
    expect(batch.rejectedMessages.get(0)).toBe(
      "messages.0.value: holds a number beyond the range of a double, and PostgreSQL refused the text of this call's values",
    );
    expect(batch.rejections).toHaveLength(1);
    expect(batch.rejections[0].payload).toContain('"deep":-1e999');
    const plan = planWrites([batch]);
    expect(plan.snapshots.map(r => r.type)).toEqual(['b']);
    expect(plan.rejections).toHaveLength(1);
  });
});

describe('payloadWithValueText', () => {
  it('puts the received text of the value where the value was', () => {
    expect(
      payloadWithValueText(
        { kind: 'reading', value: null, type: 't' },
        '{"n": 1e200000}',
      ),
    ).toBe('{"kind":"reading","value":{"n": 1e200000},"type":"t"}');
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
