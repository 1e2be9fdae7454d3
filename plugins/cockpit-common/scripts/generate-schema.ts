/* Writes the committed JSON Schema of the publish batch: `yarn workspace @cockpit/plugin-cockpit-common generate:schema`. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { publishBatchJsonSchema } from '../src/wire';

const target = resolve(__dirname, '../schema/publish-batch.schema.json');
writeFileSync(target, `${JSON.stringify(publishBatchJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
