/**
 * Test fixture: runs the real sink handler on the event in the file given as second
 * argument, against the database URL given first, and freezes right after its write
 * statement has gone to the database: it says `writing` on stdout, and never reads the
 * answer nor sends COMMIT, so a kill -9 lands in the middle of its transaction.
 */
import fs from 'node:fs';
import { createKnex } from '@cockpit/store';
import { createSinkHandler } from '../handler';

const [url, eventFile] = process.argv.slice(2);
const knex = createKnex({ url, pool: { min: 0, max: 1 } });
knex.on('query', (query: { sql: string }) => {
  if (!query.sql.startsWith('WITH ')) return;
  // One turn later node-postgres has written the statement to the socket.
  setImmediate(() => {
    process.stdout.write('writing\n');
    // Blocks this thread for good: nothing more is read or sent.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  });
});
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const handler = createSinkHandler({ getKnex: async () => knex, logger: silent });
handler(JSON.parse(fs.readFileSync(eventFile, 'utf8'))).then(
  () => process.stdout.write('committed\n'),
  error => {
    process.stderr.write(`${error}\n`);
    process.exit(1);
  },
);
