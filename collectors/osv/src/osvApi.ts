import { OsvAdvisory } from './advisory';
import { AdvisorySourceError } from './errors';
import { validateAdvisory } from './sources';

/** One query of OSV's batch API: a package (by ecosystem and name) at one version. */
export interface OsvQuery {
  package: { ecosystem: string; name: string };
  version: string;
}

const DEFAULT_BATCH_SIZE = 1000;

/**
 * A client of OSV's REST API (https://google.github.io/osv.dev/api/): `POST /v1/querybatch`
 * (up to 1,000 queries a request, following each result's `next_page_token`) and
 * `GET /v1/vulns/{id}` for an advisory's full record.
 */
export class OsvApiClient {
  private readonly baseUrl: string;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly signal?: AbortSignal;

  constructor(options: {
    baseUrl: string;
    batchSize?: number;
    concurrency?: number;
    signal?: AbortSignal;
  }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.concurrency = options.concurrency ?? 8;
    this.signal = options.signal;
  }

  private async request(
    path: string,
    init?: { body: unknown },
  ): Promise<unknown> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: init ? 'POST' : 'GET',
        headers: init ? { 'content-type': 'application/json' } : undefined,
        body: init ? JSON.stringify(init.body) : undefined,
        signal: this.signal,
      });
    } catch (error) {
      throw new AdvisorySourceError(
        `${url}: request failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const text = await response.text();
    if (!response.ok) {
      throw new AdvisorySourceError(
        `${url}: HTTP ${response.status}: ${text.slice(0, 300)}`,
      );
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new AdvisorySourceError(
        `${url}: the answer is not JSON: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /**
   * The ids of the advisories OSV finds for each query (same order as the queries), every page
   * of every result.
   */
  async queryBatch(queries: OsvQuery[]): Promise<string[][]> {
    const ids: string[][] = queries.map(() => []);
    for (let start = 0; start < queries.length; start += this.batchSize) {
      let pending = queries
        .slice(start, start + this.batchSize)
        .map((query, offset) => ({
          index: start + offset,
          query: query as OsvQuery & { page_token?: string },
        }));
      while (pending.length > 0) {
        const answer = (await this.request('/v1/querybatch', {
          body: { queries: pending.map(p => p.query) },
        })) as {
          results?: { vulns?: { id?: unknown }[]; next_page_token?: string }[];
        };
        const results = answer?.results;
        if (!Array.isArray(results) || results.length !== pending.length) {
          throw new AdvisorySourceError(
            `${this.baseUrl}/v1/querybatch: expected ${
              pending.length
            } results, got ${Array.isArray(results) ? results.length : 'none'}`,
          );
        }
        const next: typeof pending = [];
        for (let i = 0; i < results.length; i++) {
          const result = results[i];
          const { index, query } = pending[i];
          for (const vuln of result?.vulns ?? [])
            if (typeof vuln.id === 'string') ids[index].push(vuln.id);
          if (result?.next_page_token) {
            next.push({
              index,
              query: {
                ...query,
                page_token: result.next_page_token,
              },
            });
          }
        }
        pending = next;
      }
    }
    return ids.map(list => [...new Set(list)]);
  }

  /** The full records of advisories by id, a few requests at a time. */
  async vulnerabilities(ids: string[]): Promise<OsvAdvisory[]> {
    const records: OsvAdvisory[] = new Array(ids.length);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const index = next++;
        const id = ids[index];
        const path = `/v1/vulns/${encodeURIComponent(id)}`;
        records[index] = validateAdvisory(
          await this.request(path),
          `${this.baseUrl}${path}`,
        );
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.concurrency, ids.length) }, worker),
    );
    return records;
  }
}
