import { z } from 'zod';
import { defineCollector } from '@cockpit/collector-sdk';
import { readFile } from 'node:fs/promises';

/** Annotation naming the Cockpit `Service` of an entity when it differs from the entity name (same as the UI's). */
export const COCKPIT_SERVICE_ANNOTATION = 'cockpit.io/service-name';
/** Optional annotations that state a service's tech stack explicitly. */
export const TECH_STACK_ANNOTATIONS = {
  language: 'cockpit.io/language',
  framework: 'cockpit.io/framework',
  runtime: 'cockpit.io/runtime',
} as const;
/** Optional annotation: comma-separated contacts (e-mail, chat channel) of a service. */
export const CONTACTS_ANNOTATION = 'cockpit.io/contacts';

/** The part of a Backstage catalog entity this collector reads. */
export interface CatalogEntity {
  apiVersion?: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    tags?: string[];
    annotations?: Record<string, string>;
  };
  spec?: Record<string, any>;
}

const LANGUAGES: Record<string, { language: string; runtime?: string }> = {
  java: { language: 'java', runtime: 'jvm' },
  kotlin: { language: 'kotlin', runtime: 'jvm' },
  scala: { language: 'scala', runtime: 'jvm' },
  typescript: { language: 'typescript', runtime: 'node' },
  javascript: { language: 'javascript', runtime: 'node' },
  go: { language: 'go', runtime: 'go' },
  golang: { language: 'go', runtime: 'go' },
  python: { language: 'python', runtime: 'cpython' },
  ruby: { language: 'ruby', runtime: 'ruby' },
  rust: { language: 'rust' },
  csharp: { language: 'csharp', runtime: 'dotnet' },
  php: { language: 'php' },
};
const FRAMEWORKS = [
  'spring-boot',
  'quarkus',
  'micronaut',
  'ktor',
  'express',
  'nestjs',
  'fastify',
  'nextjs',
  'gin',
  'echo',
  'django',
  'flask',
  'fastapi',
  'rails',
  'aspnet',
  'laravel',
];

/** Configuration: read entities from a file, or from the catalog REST API. */
export const CatalogCollectorConfigSchema = z
  .object({
    /** A JSON file: an array of entities, or `{ items: [...] }` as `/entities/by-query` answers. */
    file: z.string().optional(),
    /** The catalog API base, e.g. `http://localhost:7007/api/catalog`. */
    baseUrl: z.string().url().optional(),
    token: z.string().optional(),
    /** Catalog filter of the services. */
    filter: z.string().default('kind=component,spec.type=service'),
    pageSize: z.number().int().min(1).max(1000).default(200),
  })
  .refine(c => c.file || c.baseUrl, { message: 'set file or baseUrl' });

/** Configuration of the catalog collector. */
export type CatalogCollectorConfig = z.output<
  typeof CatalogCollectorConfigSchema
>;

/** Reads every service entity through `GET /entities/by-query`, page by page. */
export async function* fetchCatalogEntities(options: {
  baseUrl: string;
  token?: string;
  filter: string;
  pageSize: number;
  signal?: AbortSignal;
  fetchFn?: typeof fetch;
}): AsyncGenerator<CatalogEntity> {
  const fetchFn = options.fetchFn ?? fetch;
  let cursor: string | undefined;
  do {
    const params = new URLSearchParams({ limit: String(options.pageSize) });
    if (cursor) params.set('cursor', cursor);
    else params.set('filter', options.filter);
    const url = `${options.baseUrl.replace(
      /\/+$/,
      '',
    )}/entities/by-query?${params}`;
    const response = await fetchFn(url, {
      headers: options.token
        ? { authorization: `Bearer ${options.token}` }
        : {},
      signal: options.signal,
    });
    if (!response.ok) {
      throw new Error(
        `GET ${url} answered ${response.status} ${response.statusText}`,
      );
    }
    const page = (await response.json()) as {
      items: CatalogEntity[];
      pageInfo?: { nextCursor?: string };
    };
    yield* page.items;
    cursor = page.pageInfo?.nextCursor;
  } while (cursor);
}

/** Where a collector finds catalog entities: a file, or the catalog REST API. */
export const CatalogSourceSchema = z
  .object({
    /** A JSON file: an array of entities, or `{ items: [...] }` as `/entities/by-query` answers. */
    file: z.string().optional(),
    /** The catalog API base, e.g. `http://localhost:7007/api/catalog`. */
    baseUrl: z.string().url().optional(),
    token: z.string().optional(),
    filter: z.string().default('kind=component'),
    pageSize: z.number().int().min(1).max(1000).default(200),
  })
  .refine(c => c.file || c.baseUrl, { message: 'set file or baseUrl' });

/** Where a collector finds catalog entities. */
export type CatalogSource = z.output<typeof CatalogSourceSchema>;

/**
 * The Cockpit service of each catalog Component that carries `annotation`, keyed by the
 * annotation's value (a PagerDuty service id, a GitHub `owner/name`): the service is the
 * `cockpit.io/service-name` annotation, else the entity name.
 *
 * @example
 * await servicesByAnnotation({ source: { file: 'entities.json' }, annotation: 'github.com/project-slug' })
 * // Map { 'acme/payment-service' => 'payment-service' }
 */
export async function servicesByAnnotation(options: {
  source: CatalogSource;
  annotation: string;
  signal?: AbortSignal;
}): Promise<Map<string, string>> {
  const { source } = options;
  const entities: CatalogEntity[] = [];
  if (source.file) {
    const parsed = JSON.parse(await readFile(source.file, 'utf8'));
    entities.push(...(Array.isArray(parsed) ? parsed : parsed.items));
  }
  if (source.baseUrl) {
    for await (const entity of fetchCatalogEntities({
      ...source,
      baseUrl: source.baseUrl,
      signal: options.signal,
    })) {
      entities.push(entity);
    }
  }
  const services = new Map<string, string>();
  for (const entity of entities) {
    if (entity.kind.toLowerCase() !== 'component') continue;
    const key = entity.metadata.annotations?.[options.annotation]?.trim();
    if (!key) continue;
    services.set(
      key,
      entity.metadata.annotations?.[COCKPIT_SERVICE_ANNOTATION] ||
        entity.metadata.name,
    );
  }
  return services;
}

/** The owning team of an entity: `group:default/team-payments` -> `team-payments`. */
export function ownerTeam(owner: string): string {
  const withoutKind = owner.includes(':')
    ? owner.slice(owner.indexOf(':') + 1)
    : owner;
  return withoutKind.includes('/')
    ? withoutKind.slice(withoutKind.lastIndexOf('/') + 1)
    : withoutKind;
}

/** The tech stack of an entity from its annotations, else from its tags; undefined when unknown. */
export function techStackOf(
  entity: CatalogEntity,
): { language: string; framework?: string; runtime?: string } | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const tags = (entity.metadata.tags ?? []).map(t => t.toLowerCase());
  const explicit = annotations[TECH_STACK_ANNOTATIONS.language];
  const known =
    LANGUAGES[explicit?.toLowerCase() ?? ''] ??
    tags.map(t => LANGUAGES[t]).find(Boolean);
  const language = explicit ?? known?.language;
  if (!language) return undefined;
  const framework =
    annotations[TECH_STACK_ANNOTATIONS.framework] ??
    tags.find(t => FRAMEWORKS.includes(t));
  const runtime =
    annotations[TECH_STACK_ANNOTATIONS.runtime] ??
    (tags.includes('node') ? 'node' : undefined) ??
    known?.runtime;
  return {
    language,
    ...(framework ? { framework } : {}),
    ...(runtime ? { runtime } : {}),
  };
}

/**
 * Service ownership and tech stack from Backstage catalog entities -> `Service`, `ownership`
 * (the owner group, with its e-mail when the group is in the same answer) and `tech-stack`.
 */
export const catalogCollector = defineCollector({
  id: 'catalog',
  description: 'Service ownership and tech stack from the Backstage catalog',
  schedule: 'rate(1 hour)',
  configSchema: CatalogCollectorConfigSchema,
  async collect(ctx) {
    const { config } = ctx;
    const entities: CatalogEntity[] = [];
    if (config.file) {
      const parsed = JSON.parse(await readFile(config.file, 'utf8'));
      entities.push(...(Array.isArray(parsed) ? parsed : parsed.items));
    }
    if (config.baseUrl) {
      for await (const entity of fetchCatalogEntities({
        ...config,
        baseUrl: config.baseUrl,
        signal: ctx.signal,
      })) {
        entities.push(entity);
      }
    }
    const groupEmails = new Map<string, string>();
    for (const entity of entities) {
      const email = entity.spec?.profile?.email;
      if (entity.kind.toLowerCase() === 'group' && typeof email === 'string') {
        groupEmails.set(entity.metadata.name, email);
      }
    }
    let services = 0;
    for (const entity of entities) {
      if (entity.kind.toLowerCase() !== 'component') continue;
      if (config.file && entity.spec?.type !== 'service') continue;
      const name =
        entity.metadata.annotations?.[COCKPIT_SERVICE_ANNOTATION] ||
        entity.metadata.name;
      const service = ctx.resources.service({ service: name });
      services += 1;
      const owner =
        typeof entity.spec?.owner === 'string'
          ? ownerTeam(entity.spec.owner)
          : undefined;
      if (owner) {
        const contacts = [
          ...(groupEmails.has(owner) ? [groupEmails.get(owner)!] : []),
          ...(entity.metadata.annotations?.[CONTACTS_ANNOTATION] ?? '')
            .split(',')
            .map(c => c.trim())
            .filter(Boolean),
        ];
        ctx.readings.ownership(service, {
          team: owner,
          ...(contacts.length ? { contacts } : {}),
          ...(entity.spec?.system
            ? { system: String(entity.spec.system) }
            : {}),
          ...(entity.spec?.lifecycle
            ? { lifecycle: String(entity.spec.lifecycle) }
            : {}),
        });
      } else {
        ctx.logger.warn(`component ${entity.metadata.name} has no owner`);
      }
      const stack = techStackOf(entity);
      if (stack) ctx.readings['tech-stack'](service, stack);
    }
    ctx.logger.info(
      `read ${services} services from ${entities.length} entities`,
    );
  },
});
