import type { Collector } from './collector';
import { silentLogger } from './logger';
import { CollectorRunSummary, runCollector } from './runner';
import { CollectorStateStore, createMemoryStateStore } from './state';
import { createTestPublisher, TestPublisher } from './testPublisher';

export { CollectorAssertionError } from './testAssertions';
export { createTestPublisher } from './testPublisher';
export type { TestPublisher } from './testPublisher';

/**
 * Runs a collector against a fresh test publisher with a silent logger. `now` fixes the run's
 * clock (`ctx.now()`): a `Date` for a clock that stands still, or a function for one that moves.
 *
 * @example
 * const { publisher } = await runCollectorForTest({
 *   collector,
 *   config: { file: fixture },
 *   now: new Date('2026-11-22T10:00:00Z'),
 * });
 */
export async function runCollectorForTest<TConfig>(options: {
  collector: Collector<TConfig>;
  config?: unknown;
  state?: CollectorStateStore;
  now?: Date | (() => Date);
  publisher?: TestPublisher;
}): Promise<{
  publisher: TestPublisher;
  summary: CollectorRunSummary;
  state: CollectorStateStore;
}> {
  const publisher = options.publisher ?? createTestPublisher();
  const state = options.state ?? createMemoryStateStore();
  const summary = await runCollector({
    collector: options.collector,
    publisher,
    config: options.config,
    logger: silentLogger,
    state,
    now: fixedClock(options.now),
  });
  return { publisher, summary, state };
}

/** A clock from a `Date` (each call returns a copy, so a collector cannot move it) or a function. */
function fixedClock(
  now: Date | (() => Date) | undefined,
): (() => Date) | undefined {
  if (now === undefined || typeof now === 'function') return now;
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new TypeError(
      `runCollectorForTest: now must be a valid Date or a function returning one, got ${String(
        now,
      )}`,
    );
  }
  const time = now.getTime();
  return () => new Date(time);
}
