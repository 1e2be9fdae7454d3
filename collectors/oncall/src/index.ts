/**
 * Cockpit reference collectors: PagerDuty incidents and Opsgenie alerts on each service timeline.
 *
 * @packageDocumentation
 */
export * from './incidentEvents';
export * from './opsgenie';
export * from './pagerduty';
