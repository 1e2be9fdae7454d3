import { isStorableJsonText, LONE_SURROGATE } from './jsonText';

/** A small deterministic PRNG. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

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
