import type { CollectorContext } from './collector';

/**
 * A TIME_SERIES reading keeps one point per (resource, type, collectedAt), so two events of one
 * service stamped with the same millisecond (two rollouts that finished before one run saw them)
 * would be stored as one. Returns a function that gives each event of a resource a distinct
 * time: the time itself, or the next millisecond after it that no event of that resource has.
 *
 * @example
 * const eventTime = createDistinctEventTimes();
 * ctx.readings['service-event'](service, value, { collectedAt: eventTime(service.name, ctx.now()) });
 */
export function createDistinctEventTimes(): (
  resource: string,
  time: Date,
) => Date {
  const taken = new Map<string, Set<number>>();
  return (resource, time) => {
    let times = taken.get(resource);
    if (!times) taken.set(resource, (times = new Set()));
    let ms = time.getTime();
    while (times.has(ms)) ms += 1;
    times.add(ms);
    return new Date(ms);
  };
}

/**
 * The same context, whose `ctx.readings['service-event']` gives each event of a service a
 * distinct time (see {@link createDistinctEventTimes}), so no event of a run replaces another.
 *
 * @example
 * async collect(runCtx) {
 *   const ctx = withDistinctEventTimes(runCtx);
 *   ...
 * }
 */
export function withDistinctEventTimes<TConfig>(
  ctx: CollectorContext<TConfig>,
): CollectorContext<TConfig> {
  const eventTime = createDistinctEventTimes();
  const write = ctx.readings['service-event'];
  return {
    ...ctx,
    readings: {
      ...ctx.readings,
      'service-event': (resource, value, options) =>
        write(resource, value, {
          collectedAt: eventTime(
            resource.name,
            new Date(options?.collectedAt ?? ctx.now()),
          ),
        }),
    },
  };
}
