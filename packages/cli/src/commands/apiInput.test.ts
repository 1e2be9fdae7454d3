import { MAX_BATCH_BYTES } from '@cockpit/plugin-cockpit-common';
import {
  formatTable,
  parseParams,
  PublishInputError,
  readPublishInput,
} from './apiInput';

const message = (name: string, extra = '') => ({
  kind: 'resource',
  type: 'Service',
  name: `${name}${extra}`,
});

describe('readPublishInput', () => {
  it('passes one JSON batch through unchanged', () => {
    const batch = {
      schemaVersion: 1,
      collector: 'c',
      messages: [message('a')],
    };
    expect(
      readPublishInput(JSON.stringify(batch, null, 2), { collector: 'x' }),
    ).toEqual([batch]);
  });

  it('reads NDJSON batches, as collect --dry-run prints them', () => {
    const a = { schemaVersion: 1, collector: 'c', messages: [message('a')] };
    const b = { schemaVersion: 1, collector: 'c', messages: [message('b')] };
    expect(
      readPublishInput(`${JSON.stringify(a)}\n\n${JSON.stringify(b)}\n`, {
        collector: 'x',
      }),
    ).toEqual([a, b]);
  });

  it('groups NDJSON messages into batches of the given collector', () => {
    const text = [message('a'), message('b')]
      .map(m => JSON.stringify(m))
      .join('\n');
    expect(readPublishInput(text, { collector: 'cli' })).toEqual([
      {
        schemaVersion: 1,
        collector: 'cli',
        messages: [message('a'), message('b')],
      },
    ]);
  });

  it('splits loose messages so that no batch exceeds the size limit', () => {
    const big = 'x'.repeat(60 * 1024);
    const lines = Array.from({ length: 10 }, (_, i) =>
      JSON.stringify(message(`m${i}`, big)),
    ).join('\n');
    const batches = readPublishInput(lines, { collector: 'cli' });
    expect(batches.length).toBeGreaterThan(2);
    expect(batches.flatMap(b => b.messages)).toHaveLength(10);
    for (const batch of batches) {
      expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThanOrEqual(
        MAX_BATCH_BYTES,
      );
    }
  });

  it('names the line that is not JSON', () => {
    expect(() =>
      readPublishInput('{"kind":"resource"}\nnot json', { collector: 'x' }),
    ).toThrow(/line 2 is not JSON/);
    expect(() => readPublishInput('  ', { collector: 'x' })).toThrow(
      PublishInputError,
    );
  });
});

describe('parseParams', () => {
  it('turns key=value pairs into parameters, keeping = inside values', () => {
    expect(parseParams(['service=payment', 'q=a=b'])).toEqual({
      service: 'payment',
      q: 'a=b',
    });
  });

  it('refuses a pair without a key', () => {
    expect(() => parseParams(['=x'])).toThrow(/--param "=x"/);
  });
});

describe('formatTable', () => {
  it('aligns columns under their headers', () => {
    expect(
      formatTable(
        ['A', 'LONG'],
        [
          ['xyz', 1],
          [null, 'b'],
        ],
      ),
    ).toBe('A    LONG\nxyz  1\n     b\n');
  });
});
