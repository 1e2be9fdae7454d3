import {
  findValueSpans,
  isStorableJsonText,
  LONE_SURROGATE,
} from './valueSpans';

/** The values the spans point at, parsed, or `undefined` where there is no span. */
function slicedValues(text: string): unknown[] | undefined {
  const count = JSON.parse(text).messages.length;
  const spans = findValueSpans(text, count);
  if (!spans) return undefined;
  return Array.from({ length: count }, (_, i) =>
    spans[i * 2] < 0
      ? undefined
      : JSON.parse(text.slice(spans[i * 2], spans[i * 2 + 1])),
  );
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

describe('findValueSpans', () => {
  it('points at the value of every message, whatever the values and the whitespace', () => {
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

  it('gives up on what JSON.parse reads differently from a plain scan', () => {
    // A duplicate key: JSON.parse keeps the last one.
    expect(
      slicedValues('{"messages":[{"value":1,"value":2},{"value":3}]}'),
    ).toEqual([undefined, 3]);
    // A key written with escapes.
    expect(
      slicedValues('{"messages":[{"valu\\u0065":1},{"value":3}]}'),
    ).toEqual([undefined, 3]);
    expect(slicedValues('{"messages":[{"value":1,"\\u0076alue":2}]}')).toEqual([
      undefined,
    ]);
    expect(
      slicedValues('{"m\\u0065ssages":[{"value":1}],"messages":[{"value":1}]}'),
    ).toBe(undefined);
    expect(
      findValueSpans('{"messages":[{"value":1}],"messages":[{"value":2}]}', 1),
    ).toBe(undefined);
  });
});

/** Whether PostgreSQL can hold the string: no NUL, no surrogate without its partner. */
function storable(text: string): boolean {
  LONE_SURROGATE.lastIndex = 0;
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/** JSON.stringify, then every non-ASCII unit written as a `\uXXXX` escape. */
function escapedJson(value: string): string {
  let out = '';
  for (const unit of JSON.stringify(value).split('')) {
    const code = unit.charCodeAt(0);
    out += code < 0x80 ? unit : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return out;
}

describe('isStorableJsonText', () => {
  it.each([
    ['plain text', '"plain"', true],
    ['an emoji', '"\ud83d\ude00"', true],
    ['an escaped emoji', '"\\ud83d\\ude00"', true],
    ['an escaped emoji in capitals', '"\\uD83D\\uDE00"', true],
    ['other escapes', '"\\"\\\\\\n\\u00e9\\/"', true],
    ['an escaped backslash before u0000', '"\\\\u0000"', true],
    ['an escaped backslash before ud800', '"\\\\ud800"', true],
    ['a NUL escape', '"\\u0000"', false],
    ['a NUL escape after an escaped backslash', '"\\\\\\u0000"', false],
    ['a NUL escape in a key', '{"k\\u0000":1}', false],
    ['an escaped lone high surrogate', '"\\ud800"', false],
    ['an escaped lone low surrogate', '"\\udc00"', false],
    ['escaped surrogates in the wrong order', '"\\udc00\\ud800"', false],
    ['an escaped high surrogate at the end', '"x\\ud83d"', false],
    ['an escaped high then a raw low surrogate', '"\\ud83d\ude00"', false],
    ['a raw high then an escaped low surrogate', '"\ud83d\\ude00"', false],
    ['an escaped high surrogate then an emoji', '"\\ud83d\ud83d\ude00"', false],
    ['a raw lone surrogate', '"a\ud800b"', false],
  ])('%s', (_, text, expected) => {
    expect(JSON.parse(text)).toBeDefined();
    expect(isStorableJsonText(text)).toBe(expected);
  });

  it('passes exactly the texts whose strings PostgreSQL can hold, raw or escaped', () => {
    const rand = random(11);
    const units = [
      'a',
      '\\',
      '"',
      'u',
      '\u0000',
      '\ud800',
      '\udc00',
      '\ud83d',
      '\ude00',
      'é',
    ];
    for (let round = 0; round < 2000; round++) {
      let value = '';
      for (let i = Math.floor(rand() * 6); i > 0; i--) {
        value += units[Math.floor(rand() * units.length)];
      }
      const expected = storable(value);
      expect([value, isStorableJsonText(JSON.stringify(value))]).toEqual([
        value,
        expected,
      ]);
      expect([value, isStorableJsonText(escapedJson(value))]).toEqual([
        value,
        expected,
      ]);
    }
  });
});
