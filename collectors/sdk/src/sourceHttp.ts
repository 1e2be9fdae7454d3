import { backoffDelay, defaultSleep, RetryOptions } from './publishers/retry';

/**
 * Thrown when a source API (PagerDuty, Opsgenie, Jaeger, ...) refuses a request or keeps
 * failing; names the request, the status and the API's own message.
 */
export class SourceRequestError extends Error {
  readonly status?: number;

  constructor(message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options);
    this.name = 'SourceRequestError';
    this.status = options?.status;
  }
}

/** The API's error message from a JSON error body, in the shapes vendors use. */
function vendorMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body);
    // PagerDuty { error: { message } }, GitHub and Opsgenie { message }, Jaeger { errors: [{ msg }] }
    const candidates = [
      parsed?.error?.message,
      parsed?.error,
      parsed?.message,
      parsed?.errors?.[0]?.message,
      parsed?.errors?.[0]?.msg,
      parsed?.errors?.[0],
    ];
    return candidates.find((text): text is string => typeof text === 'string');
  } catch {
    return body.slice(0, 200) || undefined;
  }
}

/**
 * GETs JSON from a source API. Retries throttling (429, honouring `Retry-After`), 5xx answers
 * and network failures with jittered backoff; any other answer that is not 2xx fails at once
 * with a {@link SourceRequestError} naming the URL, the status and the API's message.
 *
 * @example
 * const page = await fetchSourceJson<{ incidents: unknown[] }>({
 *   url: 'https://api.pagerduty.com/incidents?limit=100',
 *   headers: { authorization: `Token token=${token}` },
 *   signal: ctx.signal,
 * });
 */
export async function fetchSourceJson<T>(options: {
  url: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  retry?: RetryOptions;
  /** Statuses answered as `undefined` instead of an error (e.g. 404 for "not configured"). */
  allowStatuses?: number[];
}): Promise<T | undefined> {
  const retry = options.retry ?? {};
  const maxAttempts = retry.maxAttempts ?? 4;
  const sleep = retry.sleep ?? defaultSleep;
  const described = `GET ${options.url.replace(/\?.*$/, '')}`;
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(options.url, {
        headers: { accept: 'application/json', ...options.headers },
        signal: options.signal,
      });
    } catch (error) {
      options.signal?.throwIfAborted();
      if (attempt >= maxAttempts) {
        throw new SourceRequestError(
          `${described} failed: ${(error as Error).message}`,
          { cause: error },
        );
      }
      await sleep(backoffDelay(attempt, retry));
      continue;
    }
    if (response.ok) return (await response.json()) as T;
    const body = await response.text();
    if (options.allowStatuses?.includes(response.status)) return undefined;
    const retryable = response.status === 429 || response.status >= 500;
    if (!retryable || attempt >= maxAttempts) {
      const message = vendorMessage(body);
      throw new SourceRequestError(
        `${described} answered ${response.status}${
          message ? `: ${message}` : ''
        }`,
        { status: response.status },
      );
    }
    const retryAfter = Number(response.headers.get('retry-after'));
    await sleep(
      Number.isFinite(retryAfter) && retryAfter > 0
        ? retryAfter * 1000
        : backoffDelay(attempt, retry),
    );
  }
}
