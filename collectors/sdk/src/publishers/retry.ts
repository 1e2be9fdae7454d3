/** Backoff settings of the AWS publishers. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 8). */
  maxAttempts?: number;
  /** Base delay in ms of the exponential backoff (default 100). */
  baseDelayMs?: number;
  /** Longest delay in ms (default 5000). */
  maxDelayMs?: number;
  /** Replaceable in tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Replaceable in tests; returns a number in [0, 1). */
  random?: () => number;
}

export const defaultSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/** "Full jitter" exponential backoff: a random delay in [0, min(max, base * 2^attempt)). */
export function backoffDelay(attempt: number, options: RetryOptions): number {
  const base = options.baseDelayMs ?? 100;
  const max = options.maxDelayMs ?? 5000;
  const ceiling = Math.min(max, base * 2 ** attempt);
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

const RETRYABLE_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'KMSThrottlingException',
  'RequestLimitExceeded',
  'InternalError',
  'InternalErrorException',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceException',
  'EC2ThrottledException',
  'TimeoutError',
]);

/** Whether an AWS SDK error is worth retrying (throttling, 5xx, network). */
export function isRetryableAwsError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as {
    name?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    code?: string;
  };
  if (e.$retryable) return true;
  if (e.name && RETRYABLE_NAMES.has(e.name)) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status === 429 || (status !== undefined && status >= 500)) return true;
  return ['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED'].includes(
    e.code ?? '',
  );
}
