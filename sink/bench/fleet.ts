/** The benchmark fleet of `yarn bench:sink`: deterministic messages, and their republication. */
export interface Ref {
  type: string;
  name: string;
}
export type Message =
  | { kind: 'resource'; type: string; name: string; parent?: Ref }
  | {
      kind: 'reading';
      type: string;
      storageMode: 'SNAPSHOT' | 'TIME_SERIES';
      resource: Ref;
      value: unknown;
      collectedAt: string;
    };

/** A small deterministic PRNG, so every run writes the same data. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The fleet: services, their deployments and instances (every non-service has a parent),
 * each resource announced before its readings and after its parent, as collectors publish.
 * Half of the readings are SNAPSHOT (distinct types per resource), half TIME_SERIES points.
 * Values are 0.3 to 2 KB of JSON.
 */
export function generateMessages(options: {
  readings: number;
  resources: number;
}): Message[] {
  const READINGS = options.readings;
  const RESOURCES = options.resources;
  const rand = random(42);
  const words = [
    'alpha',
    'beta',
    'gamma',
    'delta',
    'kappa',
    'omega',
    'sigma',
    'theta',
  ];
  const text = (bytes: number) => {
    let out = '';
    while (out.length < bytes)
      out += `${words[Math.floor(rand() * words.length)]} `;
    return out.slice(0, bytes);
  };
  const value = (i: number) => {
    const size = 300 + Math.floor(rand() * 1700);
    const base = {
      status: ['UP', 'DOWN', 'DEGRADED'][i % 3],
      version: `1.${i % 50}.${i % 7}`,
      seq: i,
    };
    const overhead = JSON.stringify(base).length + 40;
    return {
      ...base,
      tags: ['bench', `shard-${i % 16}`],
      note: text(Math.max(0, size - overhead)),
    };
  };

  const services = Math.max(1, Math.round(RESOURCES / 40));
  const deployments = Math.max(services, Math.round(RESOURCES / 10));
  const instances = RESOURCES - services - deployments;
  const readingsPerResource = READINGS / RESOURCES;
  const snapshotsPerResource = Math.floor(readingsPerResource / 2);
  const pointsPerResource = Math.ceil(readingsPerResource / 2);

  const messages: Message[] = [];
  let readingIndex = 0;
  const t0 = Date.parse('2026-11-01T00:00:00Z');
  const addReadings = (ref: Ref) => {
    for (let s = 0; s < snapshotsPerResource && readingIndex < READINGS; s++) {
      messages.push({
        kind: 'reading',
        type: `snapshot-${s}`,
        storageMode: 'SNAPSHOT',
        resource: ref,
        value: value(readingIndex++),
        collectedAt: new Date(t0 + readingIndex * 1000).toISOString(),
      });
    }
    for (let p = 0; p < pointsPerResource && readingIndex < READINGS; p++) {
      messages.push({
        kind: 'reading',
        type: 'metric',
        storageMode: 'TIME_SERIES',
        resource: ref,
        value: value(readingIndex++),
        collectedAt: new Date(t0 + p * 60_000).toISOString(),
      });
    }
  };

  let deploymentCount = 0;
  let instanceCount = 0;
  for (let s = 0; s < services; s++) {
    const service = { type: 'Service', name: `bench-service-${s}` };
    messages.push({ kind: 'resource', ...service });
    addReadings(service);
    const myDeployments =
      Math.floor(((s + 1) * deployments) / services) - deploymentCount;
    for (let d = 0; d < myDeployments; d++, deploymentCount++) {
      const deployment = {
        type: 'ServiceDeployment',
        name: `${service.name}/env-${d}`,
      };
      messages.push({ kind: 'resource', ...deployment, parent: service });
      addReadings(deployment);
      const myInstances =
        Math.floor(((deploymentCount + 1) * instances) / deployments) -
        instanceCount;
      for (let i = 0; i < myInstances; i++, instanceCount++) {
        const instance = {
          type: 'ServiceInstance',
          name: `${deployment.name}/i-${i}`,
        };
        messages.push({ kind: 'resource', ...instance, parent: deployment });
        addReadings(instance);
      }
    }
  }
  return messages;
}

/**
 * The fleet republished `hours` after the given messages, as a collector republishes it: every reading again at
 * a later `collectedAt` (TIME_SERIES points are new points), the SNAPSHOT values unchanged
 * except a share `changeShare` of them (chosen per cycle by `seed`), whose `version` changes.
 * Returns the messages and how many SNAPSHOT values changed.
 */
export function republished(
  messages: Message[],
  options: { hours: number; changeShare: number; seed: number },
): { messages: Message[]; changed: number } {
  const rand = random(options.seed);
  let changed = 0;
  const shift = options.hours * 3600_000;
  const out = messages.map(m => {
    if (m.kind !== 'reading') return m;
    const collectedAt = new Date(
      Date.parse(m.collectedAt) + shift,
    ).toISOString();
    if (m.storageMode === 'SNAPSHOT' && rand() < options.changeShare) {
      changed++;
      const value = m.value as Record<string, unknown>;
      return {
        ...m,
        collectedAt,
        value: { ...value, version: `${value.version}-r${options.seed}` },
      };
    }
    return { ...m, collectedAt };
  });
  return { messages: out, changed };
}
