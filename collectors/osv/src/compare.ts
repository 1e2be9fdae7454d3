/** -1, 0 or 1 as `a` sorts before, with or after `b` by JavaScript's `<` (numbers, bigints, strings). */
export function compareValues<T extends number | bigint | string>(
  a: T,
  b: T,
): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
