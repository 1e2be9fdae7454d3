/**
 * Runs `work` on every item with at most `concurrency` calls in flight and returns the
 * results in the items' order. Stops starting new work after the first failure and rejects
 * with it.
 *
 * @example
 * const tags = await mapConcurrently(functions, { concurrency: 5 }, fn => listTags(fn.arn));
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  options: { concurrency: number },
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await work(items[index], index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
