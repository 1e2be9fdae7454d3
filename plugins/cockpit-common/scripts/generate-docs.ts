/* Writes the generated tables of docs/writing-a-collector.md: `yarn workspace @cockpit/plugin-cockpit-common generate:docs`. */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { withWellKnownTypes } from '../src/wellKnownDoc';

const target = resolve(__dirname, '../../../docs/writing-a-collector.md');
writeFileSync(target, withWellKnownTypes(readFileSync(target, 'utf8')));
process.stdout.write(`wrote ${target}\n`);
