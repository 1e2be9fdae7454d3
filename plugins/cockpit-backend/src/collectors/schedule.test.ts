import { collectorDueBy, nextScheduledRun } from './schedule';

describe('nextScheduledRun', () => {
  it('adds the interval of a rate expression', () => {
    expect(
      nextScheduledRun({
        schedule: 'rate(15 minutes)',
        after: new Date('2026-12-02T06:00:00Z'),
      }),
    ).toEqual(new Date('2026-12-02T06:15:00Z'));
  });

  it('evaluates an EventBridge cron expression in UTC', () => {
    expect(
      nextScheduledRun({
        schedule: 'cron(0 3 * * ? *)',
        after: new Date('2026-12-02T05:00:00Z'),
      }),
    ).toEqual(new Date('2026-12-03T03:00:00Z'));
  });

  it('reads EventBridge days of the week, 1 being Sunday', () => {
    // 2026-12-02 is a Wednesday; 2 is Monday in EventBridge
    expect(
      nextScheduledRun({
        schedule: 'cron(30 8 ? * 2 *)',
        after: new Date('2026-12-02T09:00:00Z'),
      }),
    ).toEqual(new Date('2026-12-07T08:30:00Z'));
    expect(
      nextScheduledRun({
        schedule: 'cron(0 12 ? * MON-FRI *)',
        after: new Date('2026-12-04T13:00:00Z'),
      }),
    ).toEqual(new Date('2026-12-07T12:00:00Z'));
  });

  it('answers undefined for what it cannot evaluate', () => {
    const after = new Date('2026-12-02T05:00:00Z');
    expect(
      nextScheduledRun({ schedule: 'cron(0 3 L * ? *)', after }),
    ).toBeUndefined();
    expect(
      nextScheduledRun({ schedule: 'cron(0 3 * * ? 2027)', after }),
    ).toBeUndefined();
    expect(
      nextScheduledRun({ schedule: 'every now and then', after }),
    ).toBeUndefined();
  });
});

describe('collectorDueBy', () => {
  it('allows the last run duration and a grace of at least five minutes after the next time', () => {
    expect(
      collectorDueBy({
        schedule: 'rate(15 minutes)',
        lastStartedAt: new Date('2026-12-02T06:00:00Z'),
        lastFinishedAt: new Date('2026-12-02T06:02:00Z'),
      }),
    ).toEqual(new Date('2026-12-02T06:22:00Z'));
  });

  it('allows a tenth of a long interval as grace', () => {
    expect(
      collectorDueBy({
        schedule: 'rate(10 hours)',
        lastStartedAt: new Date('2026-12-02T00:00:00Z'),
        lastFinishedAt: new Date('2026-12-02T00:00:00Z'),
      }),
    ).toEqual(new Date('2026-12-02T11:00:00Z'));
  });
});
