import type { HealthStatus } from '@cockpit/plugin-cockpit-common';

/** What one probe of an instance found. */
export interface ProbeResult {
  reachable: boolean;
  status: HealthStatus;
  checkedVia: 'actuator' | 'plain';
  httpStatus?: number;
  /** Status of each actuator health component. */
  components?: Record<string, string>;
  error?: string;
  /** From `/actuator/metrics/process.start.time` or a plain endpoint's `uptime`. */
  startedAt?: string;
  version?: string;
  commit?: string;
  java?: { version: string; vendor?: string };
}

const STATUS_WORDS: Record<string, HealthStatus> = {
  up: 'UP',
  ok: 'UP',
  pass: 'UP',
  healthy: 'UP',
  green: 'UP',
  down: 'DOWN',
  fail: 'DOWN',
  error: 'DOWN',
  unhealthy: 'DOWN',
  red: 'DOWN',
  out_of_service: 'DOWN',
  degraded: 'DEGRADED',
  warn: 'DEGRADED',
  warning: 'DEGRADED',
  yellow: 'DEGRADED',
  unknown: 'UNKNOWN',
};

/** Maps the status words of actuator and common `/health` endpoints to a health status. */
export function healthStatusOf(word: unknown): HealthStatus | undefined {
  return typeof word === 'string'
    ? STATUS_WORDS[word.toLowerCase()]
    : undefined;
}

/** 5xx: DOWN, 2xx: UP, anything else: UNKNOWN. */
function statusOfHttpCode(code: number): HealthStatus {
  if (code >= 500) return 'DOWN';
  return code >= 200 && code < 300 ? 'UP' : 'UNKNOWN';
}

async function getJson(url: string, timeoutMs: number, signal?: AbortSignal) {
  const response = await fetch(url, {
    headers: {
      accept: 'application/json, application/vnd.spring-boot.actuator.v3+json',
    },
    signal: AbortSignal.any([
      AbortSignal.timeout(timeoutMs),
      ...(signal ? [signal] : []),
    ]),
  });
  const text = await response.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

function errorText(error: unknown): string {
  const e = error as {
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (e?.name === 'TimeoutError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}

async function probeActuator(
  baseUrl: string,
  timeoutMs: number,
  now: Date,
  signal?: AbortSignal,
): Promise<ProbeResult | 'absent'> {
  const health = await getJson(`${baseUrl}/actuator/health`, timeoutMs, signal);
  if (health.status === 404) return 'absent';
  const body =
    typeof health.body === 'object' && health.body ? health.body : {};
  let status = healthStatusOf(body.status) ?? statusOfHttpCode(health.status);
  const components: Record<string, string> = {};
  for (const [name, component] of Object.entries<any>(body.components ?? {})) {
    if (component?.status) components[name] = component.status;
  }
  // a component down behind an overall UP (e.g. one optional dependency) is a degradation
  if (
    status === 'UP' &&
    Object.values(components).some(c => healthStatusOf(c) === 'DOWN')
  ) {
    status = 'DEGRADED';
  }
  const result: ProbeResult = {
    reachable: true,
    status,
    checkedVia: 'actuator',
    httpStatus: health.status,
    ...(Object.keys(components).length ? { components } : {}),
  };
  const [info, start] = await Promise.allSettled([
    getJson(`${baseUrl}/actuator/info`, timeoutMs, signal),
    getJson(
      `${baseUrl}/actuator/metrics/process.start.time`,
      timeoutMs,
      signal,
    ),
  ]);
  if (
    info.status === 'fulfilled' &&
    info.value.status === 200 &&
    typeof info.value.body === 'object'
  ) {
    const details = info.value.body;
    result.version = details.build?.version;
    result.commit = details.git?.commit?.id?.abbrev ?? details.git?.commit?.id;
    if (typeof details.java?.version === 'string') {
      result.java = {
        version: details.java.version,
        vendor: details.java.vendor?.name ?? details.java.runtime?.name,
      };
    }
  }
  if (start.status === 'fulfilled' && start.value.status === 200) {
    const seconds = start.value.body?.measurements?.find(
      (m: any) => m.statistic === 'VALUE',
    )?.value;
    if (
      typeof seconds === 'number' &&
      seconds > 0 &&
      seconds * 1000 <= now.getTime()
    ) {
      result.startedAt = new Date(Math.round(seconds * 1000)).toISOString();
    }
  }
  return result;
}

async function probePlain(
  baseUrl: string,
  timeoutMs: number,
  now: Date,
  signal?: AbortSignal,
): Promise<ProbeResult> {
  const health = await getJson(`${baseUrl}/health`, timeoutMs, signal);
  const body =
    typeof health.body === 'object' && health.body ? health.body : {};
  const stated =
    healthStatusOf(body.status) ??
    healthStatusOf(
      typeof health.body === 'string' ? health.body.trim() : undefined,
    );
  let status: HealthStatus = statusOfHttpCode(health.status);
  if (health.status < 300 && stated) status = stated;
  if (health.status >= 500 && stated === 'DEGRADED') status = stated;
  const result: ProbeResult = {
    reachable: true,
    status,
    checkedVia: 'plain',
    httpStatus: health.status,
  };
  if (typeof body.uptime === 'number' && body.uptime >= 0) {
    result.startedAt = new Date(
      now.getTime() - Math.round(body.uptime * 1000),
    ).toISOString();
  }
  if (typeof body.version === 'string') result.version = body.version;
  return result;
}

/**
 * Probes one instance: Spring Boot actuator (`/actuator/health`, `/actuator/info`, process start
 * time) or a plain `/health`; `auto` tries the actuator first and falls back on a 404. An
 * instance that does not answer is reported DOWN and unreachable.
 */
export async function probeInstance(options: {
  baseUrl: string;
  type: 'actuator' | 'plain' | 'auto';
  timeoutMs: number;
  now: Date;
  signal?: AbortSignal;
}): Promise<ProbeResult> {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  try {
    if (options.type !== 'plain') {
      const actuator = await probeActuator(
        baseUrl,
        options.timeoutMs,
        options.now,
        options.signal,
      );
      if (actuator !== 'absent') return actuator;
      if (options.type === 'actuator') {
        return {
          reachable: true,
          status: 'UNKNOWN',
          checkedVia: 'actuator',
          httpStatus: 404,
          error: 'no /actuator/health endpoint',
        };
      }
    }
    return await probePlain(
      baseUrl,
      options.timeoutMs,
      options.now,
      options.signal,
    );
  } catch (error) {
    options.signal?.throwIfAborted();
    return {
      reachable: false,
      status: 'DOWN',
      checkedVia: options.type === 'plain' ? 'plain' : 'actuator',
      error: errorText(error),
    };
  }
}
