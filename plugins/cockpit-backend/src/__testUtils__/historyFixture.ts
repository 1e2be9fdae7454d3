import type { Knex } from 'knex';
import { resourceId } from '@cockpit/plugin-cockpit-common';
import { seedHistory, seedTombstone } from './history';
import { Seeder } from './seed';

/** Midnight UTC (or `hour`) of day `n` of January 2026: the fixture's clock. */
export const day = (n: number, hour = 0) =>
  new Date(Date.UTC(2026, 0, 1 + n, hour));

export const LIB_1 = 'pkg:maven/acme/lib@1.0';
export const LIB_2 = 'pkg:maven/acme/lib@2.0';
export const PAY = { type: 'Service', name: 'pay' };
export const PROD = { type: 'ServiceDeployment', name: 'pay/production' };
export const STAGING = { type: 'ServiceDeployment', name: 'pay/staging' };
export const I1 = { type: 'ServiceInstance', name: 'pay/production/i-1' };
export const I2 = { type: 'ServiceInstance', name: 'pay/production/i-2' };
export const I9 = { type: 'ServiceInstance', name: 'pay/staging/i-9' };
export const ORDERS = { type: 'Service', name: 'orders' };
export const lib = (purl: string) => ({
  type: 'SoftwareDependencyVersion',
  name: purl,
});
export const idOf = (ref: { type: string; name: string }) =>
  resourceId(ref.type, ref.name);

export const ADV_1 = { id: 'ADV-1', severity: 'HIGH', summary: 'one' };
export const ADV_2 = { id: 'ADV-2', severity: 'CRITICAL', summary: 'two' };
const deploymentInfo = (version: string, n: number) => ({
  version,
  deployedAt: day(n).toISOString(),
});

/**
 * A small fleet with a hand-written history (answers computed by hand in the tests):
 *
 * | day | what happens |
 * |---|---|
 * | 0 | pay, pay/production, pay/staging, i-1, i-9, lib 1.0 and 2.0 created |
 * | 1 | pay owned by a; production runs 1.0.0 with lib 1.0; i-1 UP; lib 2.0 has no advisory |
 * | 2 | ADV-1 (HIGH) on lib 1.0 |
 * | 3 | i-1 DOWN |
 * | 4 | i-1 UP; orders created |
 * | 5 | production runs 1.1.0 |
 * | 6 | pay owned by b; i-9 deleted by housekeeping |
 * | 7 | production carries lib 2.0 instead of 1.0 |
 * | 8 | ADV-2 (CRITICAL) on lib 2.0 |
 * | 9 | production runs 1.2.0 |
 * | 10 | i-2 created, UP |
 */
export async function seedHistoryFixture(knex: Knex): Promise<void> {
  const seed = new Seeder(knex);
  const created = (
    ref: { type: string; name: string },
    n: number,
    parent?: { type: string; name: string },
  ) =>
    seed.resource({ ...ref, parent, createdOn: day(n), lastSeenOn: day(12) });
  await created(PAY, 0);
  await created(PROD, 0, PAY);
  await created(STAGING, 0, PAY);
  await created(I1, 0, PROD);
  await created(I2, 10, PROD);
  await created(ORDERS, 4);
  await created({ type: 'SoftwareDependency', name: 'pkg:maven/acme/lib' }, 0);
  for (const purl of [LIB_1, LIB_2])
    await created(lib(purl), 0, {
      type: 'SoftwareDependency',
      name: 'pkg:maven/acme/lib',
    });
  await seedTombstone(knex, {
    ...I9,
    parent: STAGING,
    createdOn: day(0),
    deletedOn: day(6),
  });
  const history = (
    resource: { type: string; name: string },
    type: string,
    versions: [number, unknown][],
  ) =>
    seedHistory(knex, {
      resource,
      type,
      versions: versions.map(([n, value]) => ({ at: day(n), value })),
      lastSeenAt: day(12),
    });
  await history(PAY, 'ownership', [
    [1, { team: 'a' }],
    [6, { team: 'b' }],
  ]);
  await history(PROD, 'deployment-info', [
    [1, deploymentInfo('1.0.0', 1)],
    [5, deploymentInfo('1.1.0', 5)],
    [9, deploymentInfo('1.2.0', 9)],
  ]);
  await history(PROD, 'deployment-dependencies', [
    [1, { dependencies: [LIB_1] }],
    [7, { dependencies: [LIB_2] }],
  ]);
  await history(I1, 'health', [
    [1, { status: 'UP' }],
    [3, { status: 'DOWN' }],
    [4, { status: 'UP' }],
  ]);
  await history(I2, 'health', [[10, { status: 'UP' }]]);
  await history(lib(LIB_1), 'vulnerabilities', [[2, { items: [ADV_1] }]]);
  await history(lib(LIB_2), 'vulnerabilities', [
    [1, { items: [] }],
    [8, { items: [ADV_2] }],
  ]);
}
