import { NotFoundError } from '@backstage/errors';
import type { CockpitClient } from '@cockpit/plugin-cockpit-common';
import {
  deploymentVulnerabilities,
  serviceEvents,
  serviceOverview,
} from './fixtures';
import { serviceChanges } from './history';

/**
 * A mocked Cockpit client for the Cockpit tab (the frontend's boundary): the shipped
 * calculations answer the fixtures, the change feed answers `serviceChanges`, and the code
 * insights card finds no reading (its own test has some).
 */
export function fakeTabCockpit() {
  const runCalculation = jest.fn(
    async (name: string, params: Record<string, any> = {}) => {
      switch (name) {
        case 'service-overview':
          return serviceOverview();
        case 'service-events':
          return serviceEvents(params as { from: string; to: string });
        case 'deployment-vulnerabilities':
          return deploymentVulnerabilities();
        default:
          throw new NotFoundError(`no calculation ${name}`);
      }
    },
  );
  const listReadings = jest.fn(async () => ({ items: [] }));
  const listChanges = jest.fn(async () => ({ items: serviceChanges() }));
  return {
    runCalculation,
    listReadings,
    listChanges,
  } as unknown as jest.Mocked<CockpitClient>;
}
