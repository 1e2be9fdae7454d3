import { CollectorRunValueSchema, formatRelativeTime } from './collectorRuns';
import { names } from './names';
import { READING_TYPES } from './readingTypes';

describe('formatRelativeTime', () => {
  it('speaks in minutes, hours or days, before or after now', () => {
    const now = Date.parse('2026-12-02T08:00:00Z');
    expect(formatRelativeTime('2026-12-02T07:59:00Z', now)).toBe('1 min ago');
    expect(formatRelativeTime('2026-12-02T03:00:00Z', now)).toBe('5 h ago');
    expect(formatRelativeTime('2026-11-28T08:00:00Z', now)).toBe('4 d ago');
    expect(formatRelativeTime('2026-12-02T08:30:00Z', now)).toBe('in 30 min');
  });
});

describe('the Collector resource and its collector-run reading', () => {
  it('is named by the collector id, refusing a "/" in it', () => {
    expect(names.collector({ collectorId: 'pagerduty' })).toBe('pagerduty');
    expect(() => names.collector({ collectorId: 'a/b' })).toThrow(
      /collectorId "a\/b" must not contain "\/"/,
    );
  });

  it('is a TIME_SERIES reading on Collector whose value needs a status and counts', () => {
    expect(READING_TYPES['collector-run']).toEqual({
      resourceTypes: ['Collector'],
      storageMode: 'TIME_SERIES',
    });
    const run = {
      runId: 'r-1',
      startedAt: '2026-12-02T07:50:00.000Z',
      finishedAt: '2026-12-02T07:50:04.000Z',
      status: 'OK',
      messages: 3,
      batches: 1,
    };
    expect(CollectorRunValueSchema.safeParse(run).success).toBe(true);
    expect(
      CollectorRunValueSchema.safeParse({ ...run, status: 'MAYBE' }).success,
    ).toBe(false);
    expect(
      CollectorRunValueSchema.safeParse({ ...run, messages: -1 }).success,
    ).toBe(false);
  });
});
