import { NotFoundError } from '@backstage/errors';
import type { Resource } from '@cockpit/plugin-cockpit-common';
import type { KnexCockpitStore } from '../database/KnexCockpitStore';

/** The resource with this id, or a 404 naming it: the look-up of every `/resources/:id/...` route. */
export async function existingResource(
  store: KnexCockpitStore,
  id: string,
): Promise<Resource> {
  const resource = await store.getResource({ id });
  if (!resource) throw new NotFoundError(`No resource with id ${id}`);
  return resource;
}
