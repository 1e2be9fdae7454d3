/**
 * A platform name without its environment suffix, as teams name one service per environment
 * (`orders-production` in `production` -> `orders`); the name as it is when it has no such
 * suffix or is nothing but the suffix.
 *
 * @example
 * withoutEnvironmentSuffix('orders-production', 'production') // 'orders'
 */
export function withoutEnvironmentSuffix(
  name: string,
  environment: string,
): string {
  const suffix = `-${environment}`;
  return name.endsWith(suffix) && name.length > suffix.length
    ? name.slice(0, -suffix.length)
    : name;
}
