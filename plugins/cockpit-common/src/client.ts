import { ResponseError } from '@backstage/errors';
import type { CollectorStatusList } from './collectorRuns';
import type {
  Change,
  Page,
  Reading,
  ReadingVersion,
  Rejection,
  Resource,
} from './model';
import type { IngestResponse, PublishBatchInput } from './wire';

/** Finds the base URL of a Backstage plugin (Backstage's DiscoveryApi fits). */
export interface CockpitDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/** Performs HTTP requests (Backstage's FetchApi fits; it adds credentials). */
export interface CockpitFetch {
  fetch: typeof fetch;
}

/** A calculation as listed by `GET /calculations`. */
export interface CalculationInfo {
  name: string;
  description: string;
  /** JSON Schema of the calculation's query parameters. */
  params: Record<string, unknown>;
}

type Query = Record<string, string | number | undefined | null>;

/**
 * Typed client of the Cockpit REST API, for the UI (with Backstage's discoveryApi and
 * fetchApi), for scripts and for the command line (with a static base URL and a token).
 *
 * @example
 * const client = new CockpitClient({ discoveryApi, fetchApi });
 * const overview = await client.runCalculation('service-overview', { service: 'payment-service' });
 */
export class CockpitClient {
  private readonly discoveryApi: CockpitDiscovery;
  private readonly fetchApi: CockpitFetch;

  constructor(options: {
    discoveryApi: CockpitDiscovery;
    fetchApi?: CockpitFetch;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...args) => fetch(...args) };
  }

  /** A client for a fixed base URL (`.../api/cockpit`) with an optional bearer token. */
  static forBaseUrl(options: {
    baseUrl: string;
    token?: string;
  }): CockpitClient {
    const baseUrl = options.baseUrl.replace(/\/+$/, '');
    return new CockpitClient({
      discoveryApi: { getBaseUrl: async () => baseUrl },
      fetchApi: {
        fetch: (input, init) => {
          const headers = new Headers(init?.headers);
          if (options.token)
            headers.set('authorization', `Bearer ${options.token}`);
          return fetch(input, { ...init, headers });
        },
      },
    });
  }

  listResources(
    query: {
      type?: string;
      name?: string;
      q?: string;
      parentId?: string;
      limit?: number;
      cursor?: string;
    } = {},
  ): Promise<Page<Resource>> {
    return this.get('/resources', query);
  }

  lookupResource(query: { type: string; name: string }): Promise<Resource> {
    return this.get('/resources/lookup', query);
  }

  getResource(id: string): Promise<Resource> {
    return this.get(`/resources/${encodeURIComponent(id)}`);
  }

  listChildren(
    id: string,
    query: { type?: string } = {},
  ): Promise<Page<Resource>> {
    return this.get(`/resources/${encodeURIComponent(id)}/children`, query);
  }

  listReadings(
    id: string,
    query: {
      type?: string;
      from?: string;
      to?: string;
      limit?: number;
      cursor?: string;
      /** ISO time: the readings as of then (contract section 7). */
      asOf?: string;
    } = {},
  ): Promise<Page<Reading>> {
    return this.get(`/resources/${encodeURIComponent(id)}/readings`, query);
  }

  /** The versions of one SNAPSHOT reading, newest first. */
  readingHistory(
    id: string,
    type: string,
    query: { from?: string; to?: string; limit?: number; cursor?: string } = {},
  ): Promise<Page<ReadingVersion>> {
    return this.get(
      `/resources/${encodeURIComponent(id)}/readings/${encodeURIComponent(
        type,
      )}/history`,
      query,
    );
  }

  /** What changed in [since, until), newest first, fleet-wide or for a service's subtree. */
  listChanges(query: {
    since: string;
    until?: string;
    service?: string;
    resourceType?: string;
    readingType?: string;
    limit?: number;
    cursor?: string;
  }): Promise<Page<Change>> {
    return this.get('/changes', query);
  }

  listCalculations(): Promise<{ items: CalculationInfo[] }> {
    return this.get('/calculations');
  }

  runCalculation<T = unknown>(name: string, params: Query = {}): Promise<T> {
    return this.get(`/calculations/${encodeURIComponent(name)}`, params);
  }

  listRejections(
    query: { limit?: number; cursor?: string } = {},
  ): Promise<Page<Rejection>> {
    return this.get('/rejections', query);
  }

  /** Each collector with its last run, schedule, overdue flag and the last 24 hours (contract section 8). */
  listCollectors(): Promise<CollectorStatusList> {
    return this.get('/collectors');
  }

  async ingest(batch: PublishBatchInput): Promise<IngestResponse> {
    return this.request('/ingest', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(batch),
    });
  }

  private get<T>(path: string, query: Query = {}): Promise<T> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') {
        params.set(key, String(value));
      }
    }
    const search = params.toString();
    return this.request(search ? `${path}?${search}` : path);
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('cockpit');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
