import { BatchSpans, findBatchSpans, spanText } from './batchSpans';

/** The values the spans point at, parsed, or `undefined` where there is no span. */
function slicedValues(text: string): unknown[] | undefined {
  return sliced(text, 'values');
}

/** The messages the spans point at, parsed, or `undefined` where there is no span. */
function slicedMessages(text: string): unknown[] | undefined {
  return sliced(text, 'messages');
}

function sliced(text: string, part: keyof BatchSpans): unknown[] | undefined {
  const count = JSON.parse(text).messages.length;
  const spans = findBatchSpans(text, count)?.[part];
  if (!spans) return undefined;
  return Array.from({ length: count }, (_, i) => {
    const slice = spanText(text, spans, i);
    return slice === undefined ? undefined : JSON.parse(slice);
  });
}

/** A small deterministic PRNG. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomJson(rand: () => number, depth: number): unknown {
  const pick = Math.floor(rand() * (depth > 3 ? 5 : 8));
  const strings = [
    '',
    'a',
    'say "hi"',
    'back\\slash',
    '{[,:]}',
    'é ü 中',
    '"value":1',
    '\\"',
  ];
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return Math.round(rand() * 1e6) / 100 - 5000;
    case 3:
    case 4:
      return strings[Math.floor(rand() * strings.length)];
    case 5:
      return Array.from({ length: Math.floor(rand() * 4) }, () =>
        randomJson(rand, depth + 1),
      );
    default: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 4); i > 0; i--) {
        object[strings[Math.floor(rand() * strings.length)] || 'k'] =
          randomJson(rand, depth + 1);
      }
      return object;
    }
  }
}

/** JSON.stringify with random whitespace around structural characters. */
function spaced(value: unknown, rand: () => number): string {
  const ws = () => [' ', '', '\n', '\t ', ''][Math.floor(rand() * 5)];
  if (Array.isArray(value)) {
    return `[${ws()}${value
      .map(v => spaced(v, rand))
      .join(`${ws()},${ws()}`)}${ws()}]`;
  }
  if (value && typeof value === 'object') {
    return `{${ws()}${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}${ws()}:${ws()}${spaced(v, rand)}`)
      .join(`${ws()},${ws()}`)}${ws()}}`;
  }
  return JSON.stringify(value);
}

describe('findBatchSpans', () => {
  it('points at every message and the value of every message, whatever the values and the whitespace', () => {
    const rand = random(7);
    for (let round = 0; round < 300; round++) {
      const messages = Array.from(
        { length: 1 + Math.floor(rand() * 6) },
        (_, i) => ({
          kind: 'reading',
          type: 'metric',
          resource: { type: 'Service', name: `s-${i}` },
          value: randomJson(rand, 0),
          ...(rand() < 0.5 ? { collectedAt: '2026-11-23T10:00:00.000Z' } : {}),
        }),
      );
      const batch = { schemaVersion: 1, collector: 'c', messages };
      for (const text of [JSON.stringify(batch), spaced(batch, rand)]) {
        expect(slicedValues(text)).toEqual(messages.map(m => m.value));
        expect(slicedMessages(text)).toEqual(messages);
      }
    }
  });

  it('finds values wherever the keys come, and nothing in messages without one', () => {
    const text = `{"messages":[
      {"value":{"value":[1,{"value":2}]},"kind":"reading"},
      "not an object",
      {"kind":"resource","name":"value"},
      [{"value":3}],
      {"resource":{"value":4},"value":"x"}
    ],"collector":"c","schemaVersion":1,"value":5}`;
    expect(slicedValues(text)).toEqual([
      { value: [1, { value: 2 }] },
      undefined,
      undefined,
      undefined,
      'x',
    ]);
  });

  it('cuts every element of messages as it was written, scalars and nested arrays included', () => {
    const text = `{"messages": [ 12.50 , "a,]b" ,true,null, [[[ ]]] ,{"k" : [1,2]}\n]}`;
    const spans = findBatchSpans(text, 6)!;
    expect(
      Array.from({ length: 6 }, (_, i) => spanText(text, spans.messages, i)),
    ).toEqual(['12.50', '"a,]b"', 'true', 'null', '[[[ ]]]', '{"k" : [1,2]}']);
  });

  it('reads keys as JSON.parse does: escapes decoded, the last of repeated keys', () => {
    expect(
      slicedValues('{"messages":[{"valu\\u0065":1},{"value":3}]}'),
    ).toEqual([1, 3]);
    expect(
      slicedMessages(
        '{"m\\u0065ssages":[{"value":1}],"messages":[{"value":2}]}',
      ),
    ).toEqual([{ value: 2 }]);
    expect(
      slicedMessages('{"messages":[{"value":1},{"value":3}],"messages":[[]]}'),
    ).toEqual([[]]);
  });

  it('gives no value for a message that repeats its value key', () => {
    expect(
      slicedValues('{"messages":[{"value":1,"value":2},{"value":3}]}'),
    ).toEqual([undefined, 3]);
    expect(slicedValues('{"messages":[{"value":1,"\\u0076alue":2}]}')).toEqual([
      undefined,
    ]);
  });

  it('finds nothing when the top level holds no messages array', () => {
    expect(findBatchSpans('[1,2]', 0)).toBe(undefined);
    expect(findBatchSpans('{"messages":{"a":1}}', 0)?.messages).toEqual(
      new Int32Array(0),
    );
  });

  it('scans a message nested 100,000 levels deep without overflowing the stack', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const text = `{"messages":[${deep},{"value":7}]}`;
    const spans = findBatchSpans(text, 2)!;
    expect(spanText(text, spans.messages, 0)).toBe(deep);
    expect(spanText(text, spans.values, 1)).toBe('7');
  });
});
