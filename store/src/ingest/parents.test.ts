import type { Knex } from 'knex';
import { resourceId } from '@cockpit/plugin-cockpit-common';
import { CockpitDatabase } from '../database';
import { testDatabaseEngines } from '../testing';
import { ingestBatches } from './ingestBatches';
import { checkParents } from './parents';
import { createResourceIds, parseBatch } from './parse';
import { planWrites } from './plan';
import type { IngestBatchInput } from './types';
import { writePlan } from './write';

const T0 = new Date('2026-11-22T10:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

type Ref = { type: string; name: string };

function batch(
  messages: unknown[],
  options: { source?: string; receivedAt?: Date } = {},
): IngestBatchInput {
  return {
    body: JSON.stringify({ schemaVersion: 1, collector: 'test', messages }),
    source: options.source ?? 'sqs:message-1',
    receivedAt: options.receivedAt ?? T0,
  };
}

const resource = (ref: Ref, parent?: Ref | null) => ({
  kind: 'resource',
  ...ref,
  ...(parent !== undefined ? { parent } : {}),
});

const plan = (input: IngestBatchInput) =>
  planWrites([parseBatch({ input, batchIndex: 0, ids: createResourceIds() })]);

async function parentOf(knex: Knex, ref: Ref) {
  const row = await knex('resources')
    .where({ id: resourceId(ref.type, ref.name) })
    .first();
  return row?.parent_id ?? null;
}

/** The resources that are their own ancestors (none, ever). */
async function cycles(knex: Knex) {
  const result = await knex.raw(`
    WITH RECURSIVE walk(start, id, depth) AS (
      SELECT id, parent_id, 1 FROM resources WHERE parent_id IS NOT NULL
      UNION ALL
      SELECT w.start, r.parent_id, w.depth + 1
        FROM walk w JOIN resources r ON r.id = w.id
       WHERE r.parent_id IS NOT NULL AND w.depth < 30 AND w.id <> w.start
    )
    SELECT DISTINCT start FROM walk WHERE id = start`);
  return result.rows;
}

const service = { type: 'Service', name: 'a' };
const deployment = { type: 'ServiceDeployment', name: 'a/prod' };
const instance = (i: number) => ({
  type: 'ServiceInstance',
  name: `a/prod/i-${i}`,
});

describe.each(testDatabaseEngines())('checkParents on $name', engine => {
  let database: CockpitDatabase;
  let knex: Knex;

  // Opening migrates a fresh database: seconds on a loaded machine.
  beforeAll(async () => {
    database = await engine.open();
    knex = database.knex;
  }, 60_000);

  afterAll(async () => {
    await database.close();
  });

  it('checks only the children whose parent changes, and leaves the others as stored', async () => {
    await ingestBatches({
      knex,
      batches: [batch([resource(deployment, service)])],
    });
    const decision = await knex.transaction(trx =>
      checkParents({
        trx,
        edges: plan(
          batch(
            [resource(deployment, service), resource(instance(1), deployment)],
            { receivedAt: minutes(1) },
          ),
        ).edges,
        exclusive: false,
      }),
    );
    expect([...decision.parents.keys()]).toEqual([
      resourceId(instance(1).type, instance(1).name),
    ]);
    expect(decision.cycleRejections).toEqual([]);
  });
});

/** Whether the promise settles (resolves or rejects) within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'pending'>(resolve => {
    timer = setTimeout(() => resolve('pending'), ms);
  });
  const settled = promise.then(
    () => 'settled',
    () => 'settled',
  );
  const outcome = await Promise.race([settled, timeout]);
  clearTimeout(timer);
  return outcome === 'settled';
}

// Open transactions side by side need connections of their own: the server only.
const server = testDatabaseEngines().find(engine => engine.name === 'postgres');
if (server) {
  describe('checkParents on postgres, calls side by side', () => {
    let database: CockpitDatabase;
    let knex: Knex;
    let failedStatements: string[];
    const recordFailure = (error: { code?: string }) =>
      failedStatements.push(error.code ?? 'unknown');

    beforeAll(async () => {
      database = await server.open();
      knex = database.knex;
      knex.on('query-error', recordFailure);
    }, 60_000);

    beforeEach(async () => {
      await knex.raw('TRUNCATE resources, readings, rejections CASCADE');
      failedStatements = [];
    });

    afterAll(async () => {
      knex.off('query-error', recordFailure);
      await database.close();
    });

    it('lets a call hang children under a resource an open call is creating, without waiting for it', async () => {
      const creating = await knex.transaction();
      try {
        await writePlan({
          trx: creating,
          plan: plan(
            batch([
              resource(deployment, service),
              resource(instance(1), deployment),
            ]),
          ),
          lastSeenRefreshMs: 60_000,
        });
        // Version 3 of the check refused this one (55P03): the deployment's lock was taken.
        const adding = knex.transaction(trx =>
          checkParents({
            trx,
            edges: plan(batch([resource(instance(2), deployment)])).edges,
            exclusive: false,
          }),
        );
        expect(await settlesWithin(adding, 5_000)).toBe(true);
        const decision = await adding;
        expect(
          decision.parents.get(resourceId('ServiceInstance', 'a/prod/i-2')),
        ).toEqual({
          parentId: resourceId(deployment.type, deployment.name),
          setAt: T0,
        });
      } finally {
        await creating.commit();
      }
      expect(failedStatements).toEqual([]);
    });

    it('makes a call that re-parents the same resource wait inside the check, then applies the newer edge', async () => {
      const x = { type: 'Node', name: 'x' };
      const a = { type: 'Node', name: 'a' };
      const b = { type: 'Node', name: 'b' };
      await ingestBatches({
        knex,
        batches: [batch([resource(x), resource(a), resource(b)])],
      });
      const first = await knex.transaction();
      let second: ReturnType<typeof ingestBatches> | undefined;
      try {
        await writePlan({
          trx: first,
          plan: plan(
            batch([resource(x, a)], {
              source: 'sqs:1',
              receivedAt: minutes(1),
            }),
          ),
          lastSeenRefreshMs: 60_000,
        });
        second = ingestBatches({
          knex,
          batches: [
            batch([resource(x, b)], {
              source: 'sqs:2',
              receivedAt: minutes(2),
            }),
          ],
        });
        expect(await settlesWithin(second, 300)).toBe(false);
      } finally {
        await first.commit();
      }
      expect((await second!)[0].accepted).toBe(1);
      expect(await parentOf(knex, x)).toBe(resourceId(b.type, b.name));
      // It waited for the lock: no failed check, no run alone.
      expect(failedStatements).toEqual([]);
    });

    it('refuses the second half of a two-resource cycle when both calls check their child as a leaf', async () => {
      const [c, p, z] = ['c', 'p', 'z'].map(name => ({ type: 'Node', name }));
      await ingestBatches({
        knex,
        batches: [batch([resource(c), resource(p), resource(z)])],
      });
      const open = async (input: IngestBatchInput) => {
        const trx = await knex.transaction();
        await writePlan({ trx, plan: plan(input), lastSeenRefreshMs: 60_000 });
        return trx;
      };
      // Another call moves p: the first call cannot walk p's chain, so it checks c as a leaf.
      const moving = await open(
        batch([resource(p, z)], { source: 'sqs:1', receivedAt: minutes(1) }),
      );
      const first = await open(
        batch([resource(c, p)], { source: 'sqs:2', receivedAt: minutes(2) }),
      );
      await moving.commit();
      // c's parent lock is the first call's: the second checks p as a leaf too, and must wait.
      const second = ingestBatches({
        knex,
        batches: [
          batch([resource(p, c)], { source: 'sqs:3', receivedAt: minutes(3) }),
        ],
      });
      try {
        expect(await settlesWithin(second, 300)).toBe(false);
      } finally {
        await first.commit();
      }
      expect((await second)[0].messages).toEqual([
        {
          index: 0,
          status: 'rejected',
          reason: 'messages.0.parent: would make Node p its own ancestor',
        },
      ]);
      expect(await cycles(knex)).toEqual([]);
      expect(await parentOf(knex, p)).toBe(resourceId(z.type, z.name));
    });

    it('never commits a cycle when racing calls hang resources without children under each other', async () => {
      const rand = (() => {
        let state = 2024;
        return () => {
          state = (state * 1664525 + 1013904223) >>> 0;
          return state / 2 ** 32;
        };
      })();
      const node = (i: number) => ({ type: 'Node', name: `n-${i}` });
      const ingest = (b: IngestBatchInput) =>
        ingestBatches({ knex, batches: [b] });
      for (let round = 0; round < 4; round++) {
        await knex.raw('TRUNCATE resources CASCADE');
        // One edge per call: every child starts without children, so the calls that meet
        // another's locks check theirs as leaves.
        const calls = Array.from({ length: 16 }, (_, c) => {
          const child = Math.floor(rand() * 6);
          const parent = (child + 1 + Math.floor(rand() * 5)) % 6;
          return batch([resource(node(child), node(parent))], {
            source: `sqs:${round}-${c}`,
            receivedAt: minutes(round * 100 + c),
          });
        });
        await Promise.all(calls.map(ingest));
        expect(await cycles(knex)).toEqual([]);
      }
    });
  });
}
