/*
 * What `yarn bench:api` measures: the four calculations the UI needs, now and as of 30 days
 * ago (over the year of history), and the change feed of the last 24 hours for a service and
 * for the fleet; each through HTTP and directly on the store.
 */
import type { Knex } from 'knex';
import { resourceId } from '@cockpit/plugin-cockpit-common';
import type { Calculation } from '@cockpit/plugin-cockpit-node';
import {
  dependencyUsageCalculation,
  deploymentVulnerabilitiesCalculation,
  serviceEventsCalculation,
  serviceOverviewCalculation,
} from '../src/calculations';
import type { Target } from './measure';

const DAY_MS = 24 * 3600e3;

/** A calculation over a list of parameter sets, now or as of a moment. */
function calculationTarget(
  name: string,
  calculation: Calculation,
  params: Record<string, string>[],
  asOf?: Date,
): Target {
  const calculationName = calculation.name;
  return {
    name,
    paths: params.map(
      p =>
        `/api/cockpit/calculations/${calculationName}?${new URLSearchParams({
          ...p,
          ...(asOf ? { asOf: asOf.toISOString() } : {}),
        })}`,
    ),
    direct: params.map(p => store => {
      const parsed = calculation.params.parse(p);
      return calculation.run({
        store: asOf ? store.asOf(asOf) : store,
        unsafeKnex: () => store.unsafeKnex(),
        params: parsed,
      });
    }),
  };
}

/** The bench's targets over the loaded fleet (`services`: the fleet's service names). */
export async function pickTargets(
  knex: Knex,
  services: string[],
): Promise<Target[]> {
  const sample = Array.from(
    { length: 200 },
    (_, i) => services[(i * 7919) % services.length]!,
  );
  const deployments = (
    await knex.raw(
      `SELECT d.name FROM resources d JOIN readings r ON r.resource_id = d.id AND r.type = 'deployment-dependencies'
        WHERE d.type = 'ServiceDeployment' ORDER BY md5(d.name) LIMIT 200`,
    )
  ).rows.map((row: { name: string }) => row.name);
  const packages = (
    await knex.raw(
      `SELECT p.name FROM resources p WHERE p.type = 'SoftwareDependency' ORDER BY md5(p.name) LIMIT 100`,
    )
  ).rows.map((row: { name: string }) => row.name);
  // the OS packages the images' scans name: each in a large part of the fleet's images (who
  // uses openssl), so an answer of a thousand deployments and more, measured on its own line
  const osPackages = (
    await knex.raw(
      `SELECT DISTINCT unnest(cockpit_image_packages(value)) AS name FROM readings
        WHERE type = 'image-vulnerabilities' AND storage_mode = 'SNAPSHOT'`,
    )
  ).rows.map((row: { name: string }) => row.name);
  const now = new Date();
  const monthAgo = new Date(now.getTime() - 30 * DAY_MS);
  const window = (to: Date) => ({
    from: new Date(to.getTime() - 30 * DAY_MS).toISOString(),
    to: to.toISOString(),
  });
  const calculations = (asOf?: Date) => {
    const suffix = asOf ? ' asOf -30d' : '';
    return [
      calculationTarget(
        `service-overview${suffix}`,
        serviceOverviewCalculation,
        sample.map(service => ({ service })),
        asOf,
      ),
      calculationTarget(
        `service-events (30 days)${suffix}`,
        serviceEventsCalculation,
        sample.map(service => ({ service, ...window(asOf ?? now) })),
        asOf,
      ),
      calculationTarget(
        `deployment-vulnerabilities${suffix}`,
        deploymentVulnerabilitiesCalculation,
        deployments.map((deployment: string) => ({ deployment })),
        asOf,
      ),
      calculationTarget(
        `dependency-usage${suffix}`,
        dependencyUsageCalculation,
        packages.map((pkg: string) => ({ package: pkg })),
        asOf,
      ),
      ...(osPackages.length
        ? [
            calculationTarget(
              `dependency-usage, OS package${suffix}`,
              dependencyUsageCalculation,
              osPackages.map((pkg: string) => ({ package: pkg })),
              asOf,
            ),
          ]
        : []),
    ];
  };
  const since = new Date(now.getTime() - DAY_MS);
  return [
    ...calculations(),
    ...calculations(monthAgo),
    {
      name: 'GET /changes service (24 h)',
      paths: sample.map(
        service =>
          `/api/cockpit/changes?${new URLSearchParams({
            service,
            since: since.toISOString(),
          })}`,
      ),
      direct: sample.map(
        service => store =>
          store.listChanges({
            serviceId: resourceId('Service', service),
            since,
            limit: 100,
          }),
      ),
    },
    {
      name: 'GET /changes fleet (24 h)',
      paths: [`/api/cockpit/changes?since=${since.toISOString()}`],
      direct: [store => store.listChanges({ since, limit: 100 })],
    },
  ];
}
