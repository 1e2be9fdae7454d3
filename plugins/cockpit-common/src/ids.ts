import { parse as parseUuid, v5 as uuidv5 } from 'uuid';

/**
 * The fixed UUID namespace under which every resource id is derived.
 * Never change it: every stored id and every script that computes ids offline depends on it.
 */
export const COCKPIT_RESOURCE_NAMESPACE =
  '5b1a8c4e-2f0d-4e7b-9c61-0c0c4b1d2e7a';

/** The namespace parsed once: the sink derives an id for every message it reads. */
const NAMESPACE_BYTES = parseUuid(COCKPIT_RESOURCE_NAMESPACE);

/**
 * The deterministic id of a resource: UUIDv5 of `type + "\n" + name` under
 * {@link COCKPIT_RESOURCE_NAMESPACE}.
 *
 * @example
 * resourceId('Service', 'payment-service') // always the same UUID
 */
export function resourceId(type: string, name: string): string {
  return uuidv5(`${type}\n${name}`, NAMESPACE_BYTES);
}
