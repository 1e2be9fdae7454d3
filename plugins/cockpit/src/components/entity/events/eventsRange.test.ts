import { resolveRange } from './eventsRange';

describe('resolveRange', () => {
  const now = Date.parse('2026-11-22T12:00:00.000Z');

  it('ends a preset now and starts it the preset earlier', () => {
    expect(resolveRange('24h', {}, now)).toEqual({
      from: '2026-11-21T12:00:00.000Z',
      to: '2026-11-22T12:00:00.000Z',
    });
  });

  it('takes both ends of a custom range', () => {
    const range = resolveRange(
      'custom',
      { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' },
      now,
    );
    expect(range).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
    });
  });

  it('falls back to the last 7 days for a custom range without both ends or an unknown choice in the URL', () => {
    const week = {
      from: '2026-11-15T12:00:00.000Z',
      to: '2026-11-22T12:00:00.000Z',
    };
    expect(
      resolveRange('custom', { from: '2026-11-01T00:00:00Z' }, now),
    ).toEqual(week);
    expect(resolveRange('1y' as never, {}, now)).toEqual(week);
  });
});
