import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  MAX_BATCH_BYTES,
  utf8ByteLength,
} from '@cockpit/plugin-cockpit-common';

const root = resolve(__dirname, '../../../..');
const schema = JSON.parse(
  readFileSync(
    join(root, 'plugins/cockpit-common/schema/publish-batch.schema.json'),
    'utf8',
  ),
);

/** Runs `yarn cockpit ...` from the repository root, as a user would. */
function cockpit(args: string[], env: Record<string, string> = {}) {
  return spawnSync('yarn', ['cockpit', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
}

describe('yarn cockpit collect', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cockpit-collect-'));

  it('prints the demo fleet as NDJSON batches that validate against the committed JSON Schema', () => {
    const config = join(dir, 'fleet.json');
    // a fleet big enough to need several batches
    writeFileSync(
      config,
      JSON.stringify({
        services: 12,
        serviceEventsPerService: 300,
        now: '2026-11-22T10:00:00.000Z',
      }),
    );

    const run = cockpit([
      'collect',
      'demo-fleet',
      '--dry-run',
      '--config',
      config,
    ]);

    expect(run.stderr).toMatch(
      /collected \d+ messages in \d+ batches to ndjson:stdout/,
    );
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n').filter(Boolean);
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      const batch = JSON.parse(line);
      expect({
        valid: validate(batch),
        errors: validate.errors ?? null,
      }).toEqual({ valid: true, errors: null });
      expect(batch.collector).toBe('demo-fleet');
      expect(utf8ByteLength(line)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    }
    const messages = lines.flatMap(line => JSON.parse(line).messages);
    expect(
      messages.filter(
        (m: any) => m.kind === 'resource' && m.type === 'Service',
      ),
    ).toHaveLength(12);
    expect(
      messages.filter((m: any) => m.type === 'service-event'),
    ).toHaveLength(12 * 300);
  });

  it('runs a collector from a module path, picking one with path#id', () => {
    const run = cockpit([
      'collect',
      'packages/cli/src/commands/__fixtures__/two-collectors.ts#second',
      '--dry-run',
    ]);

    expect(run.status).toBe(0);
    const [data, record] = run.stdout
      .trim()
      .split('\n')
      .map(line => JSON.parse(line));
    expect(data).toEqual({
      schemaVersion: 1,
      collector: 'second',
      messages: [{ kind: 'resource', type: 'Service', name: 'second-service' }],
    });
    // the run's own record follows the data
    expect(record.messages[1]).toMatchObject({
      kind: 'reading',
      type: 'collector-run',
      resource: { type: 'Collector', name: 'second' },
      value: { status: 'OK', messages: 1, batches: 1 },
    });
  });

  it('asks which collector to run when a module exports several', () => {
    const run = cockpit([
      'collect',
      'packages/cli/src/commands/__fixtures__/two-collectors.ts',
      '--dry-run',
    ]);

    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(
      'exports the collectors first, second; name one with path#id',
    );
  });

  it('fails with the known ids for an unknown collector', () => {
    const run = cockpit(['collect', 'nope', '--dry-run']);

    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(
      'unknown collector "nope"; known: aws-ecs, aws-lambda, catalog, container-images, demo-fleet, github, health, jaeger, kubernetes, opsgenie, osv, pagerduty, sbom, xray',
    );
  });

  it('refuses to loop on a cron schedule without --once', () => {
    const run = cockpit(
      [
        'collect',
        'packages/cli/src/commands/__fixtures__/two-collectors.ts#second',
      ],
      { COCKPIT_PUBLISHER: 'ndjson' },
    );

    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('runs on EventBridge; use --once');
  });
});
