import {
  type CompoundEntityRef,
  type Entity,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import type { CatalogApi } from '@backstage/plugin-catalog-react';
import { COCKPIT_SERVICE_ANNOTATION, serviceNameOf } from './serviceName';

/** Service names asked for in one catalog request; keeps the query string short. */
const NAMES_PER_REQUEST = 50;

/**
 * Finds the catalog Components of Cockpit services, in any namespace: a Component whose
 * `cockpit.io/service-name` annotation names the service, else one without the annotation
 * whose name is the service's. Requests made in the same tick go to the catalog as one
 * query; answers are kept for the life of the page.
 *
 * @example
 * const ref = await resolver.entityRefOf('payment-service'); // { kind: 'component', namespace: 'shop', name: 'payments' }
 */
export class ServiceEntityResolver {
  private readonly answers = new Map<
    string,
    Promise<CompoundEntityRef | undefined>
  >();
  private pending = new Map<
    string,
    (ref: Promise<CompoundEntityRef | undefined>) => void
  >();

  constructor(private readonly catalogApi: CatalogApi) {}

  /** The Component of a service, or `undefined` when the catalog has none. */
  entityRefOf(service: string): Promise<CompoundEntityRef | undefined> {
    const known = this.answers.get(service);
    if (known) return known;
    const answer = new Promise<CompoundEntityRef | undefined>(resolve => {
      if (this.pending.size === 0) queueMicrotask(() => this.flush());
      this.pending.set(service, resolve);
    });
    this.answers.set(service, answer);
    return answer;
  }

  private flush(): void {
    const waiting = this.pending;
    this.pending = new Map();
    const names = [...waiting.keys()];
    for (let i = 0; i < names.length; i += NAMES_PER_REQUEST) {
      const chunk = names.slice(i, i + NAMES_PER_REQUEST);
      const found = this.lookUp(chunk);
      for (const name of chunk) {
        const ref = found.then(
          byName => byName.get(name),
          () => {
            // a failed lookup is not remembered: the next render asks again
            this.answers.delete(name);
            return undefined;
          },
        );
        waiting.get(name)!(ref);
      }
    }
  }

  private async lookUp(
    names: string[],
  ): Promise<Map<string, CompoundEntityRef>> {
    const { items } = await this.catalogApi.getEntities({
      filter: [
        {
          kind: 'component',
          [`metadata.annotations.${COCKPIT_SERVICE_ANNOTATION}`]: names,
        },
        { kind: 'component', 'metadata.name': names },
      ],
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    });
    return pickEntities(names, items);
  }
}

/** Per service name, the Component that stands for it: annotated ones first, then by ref. */
function pickEntities(
  names: string[],
  entities: Entity[],
): Map<string, CompoundEntityRef> {
  const annotated = (e: Entity) =>
    e.metadata.annotations?.[COCKPIT_SERVICE_ANNOTATION] ? 0 : 1;
  const sorted = [...entities].sort(
    (a, b) =>
      annotated(a) - annotated(b) ||
      `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace}/${b.metadata.name}`,
      ),
  );
  const wanted = new Set(names);
  const byName = new Map<string, CompoundEntityRef>();
  for (const entity of sorted) {
    const service = serviceNameOf(entity);
    if (wanted.has(service) && !byName.has(service)) {
      byName.set(service, getCompoundEntityRef(entity));
    }
  }
  return byName;
}
