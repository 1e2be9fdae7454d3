/**
 * Items grouped by a key, the groups in the order their first item came (or the order of the
 * keys already in `into`), each group keeping the items' order.
 *
 * @example
 * groupBy(readings, reading => reading.type) // Map { 'health' => [...], 'jvm' => [...] }
 */
export function groupBy<T>(
  items: Iterable<T>,
  keyOf: (item: T) => string,
  into: Map<string, T[]> = new Map(),
): Map<string, T[]> {
  for (const item of items) {
    const key = keyOf(item);
    into.set(key, [...(into.get(key) ?? []), item]);
  }
  return into;
}
