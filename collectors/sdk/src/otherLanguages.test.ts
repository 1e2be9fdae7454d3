import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  MAX_BATCH_BYTES,
  names,
  PublishBatchSchema,
  resourceId,
  utf8ByteLength,
} from '@cockpit/plugin-cockpit-common';

/**
 * The Python example collector publishes by the committed JSON Schema alone; these tests hold
 * it to that schema and to the ids and names of the contract. They need python3 (any 3.8+).
 */
const root = resolve(__dirname, '../../..');
const example = join(root, 'examples/python-collector');
const schema = JSON.parse(
  readFileSync(
    join(root, 'plugins/cockpit-common/schema/publish-batch.schema.json'),
    'utf8',
  ),
);
const hasPython = spawnSync('python3', ['--version']).status === 0;

function python(args: string[], env: Record<string, string> = {}) {
  return spawnSync('python3', args, {
    cwd: example,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

describe('the Python example README', () => {
  it('lists the resource ids the store gives the example databases', () => {
    const readme = readFileSync(join(example, 'README.md'), 'utf8');
    const listed = [
      ...readme.matchAll(/^([0-9a-f-]{36})\s+RdsInstance\s+(\S+)$/gm),
    ];

    expect(listed.map(m => m[2])).toEqual([
      names.rdsInstance({
        environment: 'production',
        dbInstanceIdentifier: 'payments-db',
      }),
      names.rdsInstance({
        environment: 'staging',
        dbInstanceIdentifier: 'catalog-db',
      }),
    ]);
    for (const [, id, name] of listed) {
      expect(id).toBe(resourceId('RdsInstance', name));
    }
  });
});

if (hasPython) {
  describe('the Python example collector', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);

    it.each([
      ['jsonschema when installed', {}],
      ['its built-in validator', { COCKPIT_BUILTIN_VALIDATOR: '1' }],
    ])(
      'prints batches that the JSON Schema and the sink schema accept (%s)',
      (_label, env) => {
        const run = python(
          [
            'rds_collector.py',
            '--input',
            'describe-db-instances.json',
            '--dry-run',
            '--collected-at',
            '2026-11-22T10:00:00Z',
          ],
          env,
        );

        expect(run.status).toBe(0);
        const lines = run.stdout.trim().split('\n');
        for (const line of lines) {
          const batch = JSON.parse(line);
          expect({
            valid: validate(batch),
            errors: validate.errors ?? null,
          }).toEqual({ valid: true, errors: null });
          expect(PublishBatchSchema.safeParse(batch).success).toBe(true);
          expect(utf8ByteLength(line)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
        }
        expect(
          lines
            .flatMap(l => JSON.parse(l).messages)
            .filter((m: any) => m.kind === 'resource')
            .map((m: any) => m.name),
        ).toEqual(['production/payments-db', 'staging/catalog-db']);
        expect(run.stderr).toContain('skipped scratch: no environment tag');
      },
    );

    it.each([
      ['jsonschema when installed', {}],
      ['its built-in validator', { COCKPIT_BUILTIN_VALIDATOR: '1' }],
    ])(
      'refuses an invalid message before publishing, naming the message and the field (%s)',
      (_label, env) => {
        const run = python(
          [
            'rds_collector.py',
            '--input',
            'describe-db-instances.json',
            '--dry-run',
            '--collected-at',
            'yesterday',
          ],
          env,
        );

        expect(run.status).not.toBe(0);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(
          /invalid reading "rds-info" of RdsInstance "production\/payments-db": message(\.collectedAt)?:/,
        );
        expect(run.stderr).toContain('collectedAt');
      },
    );

    it('computes the same resource ids as the common package', () => {
      const run = python([
        'rds_collector.py',
        '--input',
        'describe-db-instances.json',
        '--ids',
      ]);

      expect(run.stdout.trim().split('\n')).toEqual([
        `${resourceId(
          'RdsInstance',
          'production/payments-db',
        )}  RdsInstance  production/payments-db`,
        `${resourceId(
          'RdsInstance',
          'staging/catalog-db',
        )}  RdsInstance  staging/catalog-db`,
      ]);
    });

    it('splits batches by UTF-8 bytes, as SNS counts them', () => {
      const script = [
        'import json, sys',
        'import rds_collector as r',
        'messages = [{"kind": "resource", "type": "Service", "name": "s%d-%s" % (i, "\\u20ac" * 300)} for i in range(40)]',
        'for body in r.batches(messages, max_bytes=4096): print(body)',
      ].join('\n');
      const run = python(['-c', script]);

      expect(run.status).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) {
        expect(utf8ByteLength(line)).toBeLessThanOrEqual(4096);
        expect(validate(JSON.parse(line))).toBe(true);
      }
      expect(lines.flatMap(l => JSON.parse(l).messages)).toHaveLength(40);
    });
  });
}
