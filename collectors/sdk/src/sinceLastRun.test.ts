import { defineCollector } from './collector';
import {
  RolloutSeen,
  emitRolloutEvents,
  goneSinceLastRun,
} from './sinceLastRun';
import { runCollectorForTest } from './testing';

const started = new Date('2026-12-02T05:40:00.000Z');
const finished = new Date('2026-12-02T05:50:00.000Z');
const rollout = (over: Partial<RolloutSeen>): RolloutSeen => ({
  where: 'payment-service production',
  label: 'payment-service:42',
  version: '1.77.5',
  startedAt: started,
  finishedAt: finished,
  details: { deploymentId: 'ecs-svc/1', version: '1.77.5' },
  ...over,
});

/** The events `emitRolloutEvents` publishes for one rollout and what the last run saw of it. */
async function eventsOf(
  seen: RolloutSeen,
  last: { rolloutState?: string } | undefined,
) {
  const collector = defineCollector({
    id: 'rollouts',
    description: 'one rollout',
    schedule: 'rate(1 hour)',
    async collect(ctx) {
      const service = ctx.resources.service({ service: 'payment-service' });
      emitRolloutEvents(ctx, service, seen, last);
    },
  });
  const { publisher } = await runCollectorForTest({ collector });
  return publisher
    .readings({ type: 'service-event' })
    .map(r => ({ value: r.value, at: r.collectedAt }));
}

describe('emitRolloutEvents', () => {
  it('emits a new rollout that already finished as started then completed, each at its time', async () => {
    expect(
      await eventsOf(rollout({ rolloutState: 'COMPLETED' }), undefined),
    ).toEqual([
      {
        value: {
          kind: 'deployment',
          title:
            'payment-service production: rollout of payment-service:42 (1.77.5) started',
          deploymentId: 'ecs-svc/1',
          version: '1.77.5',
        },
        at: started.toISOString(),
      },
      {
        value: {
          kind: 'deployment-completed',
          title:
            'payment-service production: rollout of payment-service:42 (1.77.5) completed',
          deploymentId: 'ecs-svc/1',
          version: '1.77.5',
        },
        at: finished.toISOString(),
      },
    ]);
  });

  it('gives a failed rollout its reason and severity HIGH', async () => {
    const [failed] = await eventsOf(
      rollout({ rolloutState: 'FAILED', reason: 'tasks failed to start.' }),
      { rolloutState: 'IN_PROGRESS' },
    );

    expect(failed.value).toEqual({
      kind: 'deployment-failed',
      title:
        'payment-service production: rollout of payment-service:42 (1.77.5) failed: tasks failed to start.',
      severity: 'HIGH',
      deploymentId: 'ecs-svc/1',
      version: '1.77.5',
    });
  });

  it('emits nothing the last run saw already, nor a start without a time', async () => {
    expect(
      await eventsOf(rollout({ rolloutState: 'COMPLETED' }), {
        rolloutState: 'COMPLETED',
      }),
    ).toEqual([]);
    expect(
      await eventsOf(rollout({ rolloutState: 'IN_PROGRESS' }), {
        rolloutState: 'IN_PROGRESS',
      }),
    ).toEqual([]);
    expect(
      await eventsOf(
        rollout({ rolloutState: 'IN_PROGRESS', startedAt: undefined }),
        undefined,
      ),
    ).toEqual([]);
  });
});

describe('goneSinceLastRun', () => {
  it('returns what the last run saw and this one did not, and carries what this run did not read', () => {
    const previous = {
      a: { cluster: 'prod' },
      b: { cluster: 'prod' },
      c: { cluster: 'staging' },
      d: { cluster: 'prod' },
    };
    const next: Record<string, { cluster: string }> = {
      b: { cluster: 'prod' },
    };

    const gone = goneSinceLastRun(
      previous,
      next,
      seen => seen.cluster === 'prod',
    );

    expect(gone).toEqual([
      ['a', { cluster: 'prod' }],
      ['d', { cluster: 'prod' }],
    ]);
    expect(Object.keys(next)).toEqual(['b', 'c']);
  });
});
