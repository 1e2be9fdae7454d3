import type { PublishMessageInput } from '@cockpit/plugin-cockpit-common';
import { generateDependencyMessages } from './dependencies';
import { sharedImageMessages } from './images';
import { FleetOptions } from './options';
import { Fleet, planFleet } from './plan';
import { generateServiceMessages } from './service';

export * from './options';
export { fleetServiceNames, planFleet } from './plan';
export type { Fleet } from './plan';
export { generateDependencyMessages } from './dependencies';
export { generateServiceMessages } from './service';
export { SIDECAR_IMAGE } from './images';

/** What the services share: the dependency pool with its vulnerabilities, and the shared images. */
export function* generatePoolMessages(
  fleet: Fleet,
): Generator<PublishMessageInput> {
  yield* generateDependencyMessages(fleet);
  yield* sharedImageMessages(fleet);
}

/**
 * Every message of the fleet, streamed: the dependency pool and the shared images first, then
 * service by service.
 * Memory stays O(services + dependency versions) whatever the number of readings.
 *
 * @example
 * for (const message of generateFleetMessages({ services: 2000, ... })) batcher.add(message);
 */
export function* generateFleetMessages(
  options: FleetOptions = {},
): Generator<PublishMessageInput> {
  const fleet = planFleet(options);
  yield* generatePoolMessages(fleet);
  for (let i = 0; i < fleet.services.length; i++) {
    yield* generateServiceMessages(fleet, i);
  }
}

/** The same messages as {@link generateFleetMessages}, one array per service (the pool first). */
export async function* generateFleetChunks(
  options: FleetOptions = {},
): AsyncGenerator<{ label: string; messages: PublishMessageInput[] }> {
  const fleet = planFleet(options);
  yield {
    label: 'dependencies',
    messages: [...generatePoolMessages(fleet)],
  };
  for (let i = 0; i < fleet.services.length; i++) {
    yield {
      label: fleet.services[i].name,
      messages: [...generateServiceMessages(fleet, i)],
    };
  }
}
