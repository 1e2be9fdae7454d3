import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resourceId } from '@cockpit/plugin-cockpit-common';
import { validatePublishText } from './publishInput';

/**
 * The collectors in other languages under examples/, run as their READMEs say, their output
 * checked by the code of `yarn cockpit validate`. Each needs its tool (python3, go, jq), which
 * .ci/run installs; a machine without it runs the others.
 */
const examples = resolve(__dirname, '../../../../examples');
const has = (command: string, args: string[]) =>
  spawnSync(command, args).status === 0;

function run(command: string, args: string[], cwd: string) {
  return spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 170_000 });
}

const cases = [
  {
    name: 'Python',
    available: has('python3', ['--version']),
    command: [
      'python3',
      'rds_collector.py',
      '--input',
      'describe-db-instances.json',
      '--dry-run',
      '--collected-at',
      '2026-11-22T10:00:00Z',
    ],
    dir: join(examples, 'python-collector'),
    messages: 4,
  },
  {
    name: 'Go',
    available: has('go', ['version']),
    command: ['go', 'run', '.', '--input', 'deployments.json', '--dry-run'],
    dir: join(examples, 'go-collector'),
    messages: 6,
  },
  {
    name: 'shell and jq',
    available: has('jq', ['--version']),
    command: ['./collect.sh', 'services.json'],
    dir: join(examples, 'shell-collector'),
    messages: 6,
  },
].filter(example => example.available);

describe.each(cases)(
  'the $name example collector',
  ({ command, dir, messages }) => {
    it('prints batches that would all land', () => {
      const result = run(command[0], command.slice(1), dir);

      expect(result.status).toBe(0);
      expect(validatePublishText(result.stdout)).toEqual({
        problems: [],
        summary: {
          batches: 1,
          messages,
          refusedBatches: 0,
          refusedMessages: 0,
          problems: 0,
        },
      });
    }, 180_000);
  },
);

if (has('go', ['version'])) {
  describe('the Go example collector', () => {
    it('computes the resource ids its README lists, as the common package does', () => {
      const result = run(
        'go',
        ['run', '.', '--input', 'deployments.json', '--ids'],
        join(examples, 'go-collector'),
      );
      const readme = readFileSync(
        join(examples, 'go-collector/README.md'),
        'utf8',
      );

      const printed = result.stdout.trim().split('\n');
      expect(printed).toHaveLength(4);
      for (const line of printed) {
        const [id, type, name] = line.split(/\s+/);
        expect(id).toBe(resourceId(type, name));
        expect(readme).toContain(line);
      }
    }, 180_000);
  });
}

if (has('jq', ['--version'])) {
  describe('the shell example collector', () => {
    it('skips the entries the contract refuses, saying which', () => {
      const result = run(
        './collect.sh',
        ['services.json'],
        join(examples, 'shell-collector'),
      );

      expect(result.stderr.trim().split('\n')).toEqual([
        'skipped "legacy/billing": needs a service name without "/" or surrounding spaces, a team and a language',
        'skipped "search-service": needs a service name without "/" or surrounding spaces, a team and a language',
      ]);
    });
  });
}
