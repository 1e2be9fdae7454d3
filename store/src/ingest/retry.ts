/** How often, and after how long, one kind of failure is tried again. */
export interface RetryBudget {
  /** Tries after the first failure of this kind (0: never). */
  retries: number;
  /** Delay before try `n` (1-based): `baseMs * growth^(n-1)`, jittered by 0.5 to 1.5. */
  baseMs: number;
  /** 2 for exponential backoff, 1 for a fixed delay; default 2. */
  growth?: number;
}

/**
 * Counts the failures of one kind against its budget: `next()` is the delay before the next
 * try, or `undefined` once the budget is spent.
 */
export function backoff(budget: RetryBudget): { next(): number | undefined } {
  let used = 0;
  return {
    next() {
      if (used >= budget.retries) return undefined;
      used++;
      const delay = budget.baseMs * (budget.growth ?? 2) ** (used - 1);
      return delay * (0.5 + Math.random());
    },
  };
}

/**
 * Runs `attempt` until it succeeds, asking `recover` after each failure how to go on: the
 * delay (ms) before the next try, or `undefined` to give up, which rethrows the failure.
 * `recover` may change what the next try does (the caller's state), and may throw.
 *
 * @example
 * const deadlocks = backoff({ retries: 4, baseMs: 20 });
 * await retrying({ attempt: () => write(), recover: e => (isDeadlock(e) ? deadlocks.next() : undefined) });
 */
export async function retrying<T>(options: {
  attempt: () => Promise<T>;
  recover: (error: unknown) => Promise<number | undefined> | number | undefined;
}): Promise<T> {
  for (;;) {
    try {
      return await options.attempt();
    } catch (error) {
      const delay = await options.recover(error);
      if (delay === undefined) throw error;
      if (delay > 0) await new Promise(resolve => setTimeout(resolve, delay));
    }
  }
}
