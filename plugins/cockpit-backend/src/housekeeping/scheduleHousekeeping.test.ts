import { ConfigReader } from '@backstage/config';
import type { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { HousekeepingStore } from '../database/KnexCockpitStore';
import { readHousekeepingConfig } from './config';
import { scheduleHousekeeping } from './scheduleHousekeeping';

type AuditOutcome =
  | { eventId: string; status: 'succeeded'; meta: unknown }
  | { eventId: string; status: 'failed'; error: string };

/** The task scheduled, the audit events of its runs, and what was logged. */
async function schedule(
  housekeeping: object,
  store: Partial<HousekeepingStore>,
) {
  const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
  const audited: AuditOutcome[] = [];
  const logger = mockServices.logger.mock();
  await scheduleHousekeeping({
    config: readHousekeepingConfig(
      new ConfigReader({ cockpit: { housekeeping } }),
    ),
    store: store as HousekeepingStore,
    scheduler: mockServices.scheduler.mock({
      scheduleTask: async task => {
        tasks.push(task);
      },
    }),
    auditor: mockServices.auditor.mock({
      createEvent: async ({ eventId }) => ({
        success: async ({ meta } = {}) => {
          audited.push({ eventId, status: 'succeeded', meta });
        },
        fail: async ({ error }) => {
          audited.push({ eventId, status: 'failed', error: error.message });
        },
      }),
    }),
    logger,
  });
  return { tasks, audited, logger };
}

describe('scheduleHousekeeping', () => {
  it('schedules nothing when housekeeping is disabled', async () => {
    const { tasks } = await schedule({ enabled: false }, {});
    expect(tasks).toEqual([]);
  });

  it('runs housekeeping on the configured schedule, audited and logged', async () => {
    const deleteOldRejections = jest.fn(async () => 3);
    const { tasks, audited, logger } = await schedule(
      {
        schedule: { frequency: { minutes: 5 }, timeout: { minutes: 4 } },
        rejectionRetention: { maxAge: { days: 7 } },
      },
      { deleteOldRejections },
    );
    expect(tasks).toEqual([
      expect.objectContaining({
        id: 'cockpit-housekeeping',
        frequency: { minutes: 5 },
        timeout: { minutes: 4 },
      }),
    ]);
    await tasks[0].fn(new AbortController().signal);
    expect(deleteOldRejections).toHaveBeenCalledTimes(1);
    expect(audited).toEqual([
      {
        eventId: 'housekeeping',
        status: 'succeeded',
        meta: {
          staleResources: [],
          readingRetention: [],
          versionRetention: [],
          tombstones: 0,
          rejections: 3,
        },
      },
    ]);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/^Cockpit housekeeping removed .*"rejections":3/),
    );
  });

  it('audits a failed run and fails the task', async () => {
    const { tasks, audited } = await schedule(
      { rejectionRetention: { maxAge: { days: 7 } } },
      {
        deleteOldRejections: async () => {
          throw new Error('the database is gone');
        },
      },
    );
    await expect(tasks[0].fn(new AbortController().signal)).rejects.toThrow(
      'the database is gone',
    );
    expect(audited).toEqual([
      {
        eventId: 'housekeeping',
        status: 'failed',
        error: 'the database is gone',
      },
    ]);
  });
});
