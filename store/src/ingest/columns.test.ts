import { jsonbArrayParameter } from './columns';

describe('jsonbArrayParameter', () => {
  it('is the version byte of jsonb binary input, then one JSON array of the texts, exactly sized', () => {
    const texts = [
      '{"a": 1}',
      '"caf\u00e9 \u20ac"',
      '["\ud83d\ude80", "\\ud83d\\ude80"]',
      '12345678901234567890123',
    ];
    const buffer = jsonbArrayParameter(texts);

    expect(buffer[0]).toBe(1);
    const json = buffer.subarray(1).toString('utf8');
    expect(json).toBe(`[${texts.join(',')}]`);
    expect(buffer.length).toBe(1 + Buffer.byteLength(json));
    expect(JSON.parse(json)).toEqual([
      { a: 1 },
      'caf\u00e9 \u20ac',
      ['\ud83d\ude80', '\ud83d\ude80'],
      12345678901234567890123,
    ]);
  });

  it('holds an empty array when there are no texts', () => {
    expect(jsonbArrayParameter([]).subarray(1).toString('utf8')).toBe('[]');
  });
});
