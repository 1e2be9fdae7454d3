import { dependencyUsageCalculation } from './dependencyUsage';
import { deploymentVulnerabilitiesCalculation } from './deploymentVulnerabilities';
import { fleetVulnerabilitiesCalculation } from './fleetVulnerabilities';
import { serviceEventsCalculation } from './serviceEvents';
import { serviceOverviewCalculation } from './serviceOverview';

export { dependencyUsageCalculation } from './dependencyUsage';
export { deploymentVulnerabilitiesCalculation } from './deploymentVulnerabilities';
export { fleetVulnerabilitiesCalculation } from './fleetVulnerabilities';
export { serviceEventsCalculation } from './serviceEvents';
export { serviceOverviewCalculation } from './serviceOverview';

/** The calculations that ship with the plugin. */
export const builtInCalculations = [
  serviceOverviewCalculation,
  serviceEventsCalculation,
  deploymentVulnerabilitiesCalculation,
  dependencyUsageCalculation,
  fleetVulnerabilitiesCalculation,
];
