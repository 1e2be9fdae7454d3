// The embedded PostgreSQL (PGlite) and its wire-protocol socket server, run in a worker
// thread: its WebAssembly work stays off the caller's event loop, and it loads as plain
// Node.js under any runner (jest's module sandbox cannot host PGlite's dynamic imports).
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require('@electric-sql/pglite');
const { PGLiteSocketServer } = require('@electric-sql/pglite-socket');

async function main() {
  const db = await PGlite.create(
    workerData.dataDir ? { dataDir: workerData.dataDir } : {},
  );
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: workerData.port,
    maxConnections: workerData.maxConnections,
  });
  await server.start();
  parentPort.on('message', async message => {
    if (message && message.type === 'close') {
      try {
        // server.stop() waits for every client socket to end; the data must not wait on it.
        const stopped = server.stop();
        await db.close();
        await Promise.race([
          stopped,
          new Promise(resolve => setTimeout(resolve, 500)),
        ]);
      } finally {
        parentPort.postMessage({ type: 'closed' });
      }
    }
  });
  parentPort.postMessage({ type: 'ready', address: server.getServerConn() });
}

main().catch(error => {
  parentPort.postMessage({
    type: 'error',
    message: String(error && error.stack),
  });
});
