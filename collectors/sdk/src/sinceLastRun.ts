import type { ResourceRef } from '@cockpit/plugin-cockpit-common';
import type { CollectorContext } from './collector';

// The comparisons of what a run sees with what the last run saw (kept in the collector's
// state), so that a collector of a platform (ECS, Kubernetes) emits each event once.

/** One rollout of a deployment as a run sees it. */
export interface RolloutSeen {
  /** The deployment, for the titles: `payment-service production`. */
  where: string;
  /** What rolls out: `payment-service:42`, `Deployment payments-prod/payment-service revision 14`. */
  label: string;
  /** The version it rolls out. */
  version: string;
  /** `COMPLETED` or `FAILED` when it finished; anything else while it runs. */
  rolloutState?: string;
  /** Why it failed, added to the title of `deployment-failed`. */
  reason?: string;
  /** When it started; without it no `deployment` event (the platform does not know when). */
  startedAt?: Date;
  /** When it finished, or the closest honest time the platform gives. */
  finishedAt: Date;
  /** Fields each of its events carries after kind, title and severity: the deployment resource, ids, version, state. */
  details: Record<string, unknown>;
}

/**
 * `deployment` when the rollout is new since the last run (`last` absent), then
 * `deployment-completed` or `deployment-failed` (severity HIGH) when it has finished in a state
 * the last run did not see: each event once across runs.
 */
export function emitRolloutEvents(
  ctx: Pick<CollectorContext, 'readings'>,
  service: ResourceRef,
  rollout: RolloutSeen,
  last: { rolloutState?: string } | undefined,
): void {
  const { where, label, version, rolloutState, reason, details } = rollout;
  if (!last && rollout.startedAt) {
    ctx.readings['service-event'](
      service,
      {
        kind: 'deployment',
        title: `${where}: rollout of ${label} (${version}) started`,
        ...details,
      },
      { collectedAt: rollout.startedAt },
    );
  }
  const finished = rolloutState === 'COMPLETED' || rolloutState === 'FAILED';
  if (finished && last?.rolloutState !== rolloutState) {
    const failed = rolloutState === 'FAILED';
    ctx.readings['service-event'](
      service,
      {
        kind: failed ? 'deployment-failed' : 'deployment-completed',
        title: `${where}: rollout of ${label} (${version}) ${
          failed ? 'failed' : 'completed'
        }${failed && reason ? `: ${reason}` : ''}`,
        ...(failed ? { severity: 'HIGH' } : {}),
        ...details,
      },
      { collectedAt: rollout.finishedAt },
    );
  }
}

/**
 * What the last run saw that this run did not: the entries of `previous` missing from `next`,
 * in their order. Those this run could not have seen (`wasRead` false: a cluster or namespace it
 * did not read) are not gone: they are carried into `next` for the run that reads them.
 */
export function goneSinceLastRun<T>(
  previous: Record<string, T>,
  next: Record<string, T>,
  wasRead: (seen: T) => boolean,
): [string, T][] {
  const gone: [string, T][] = [];
  for (const [key, seen] of Object.entries(previous)) {
    if (next[key]) continue;
    if (wasRead(seen)) gone.push([key, seen]);
    else next[key] = seen;
  }
  return gone;
}
