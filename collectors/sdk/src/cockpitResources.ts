import type { CockpitClient, Resource } from '@cockpit/plugin-cockpit-common';

/**
 * Every resource of a type that the Cockpit REST API lists, page by page (500 a page), for a
 * collector that reads what Cockpit already knows (the osv and container-images collectors).
 *
 * @example
 * for await (const version of listAllResources(client, 'SoftwareDependencyVersion')) names.push(version.name);
 */
export async function* listAllResources(
  client: CockpitClient,
  type: string,
): AsyncGenerator<Resource> {
  let cursor: string | undefined;
  do {
    const page = await client.listResources({ type, limit: 500, cursor });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}
