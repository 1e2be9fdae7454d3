// The schedule helpers live in the common package: the backend needs them too (overdue collectors).
export { scheduleIntervalMs } from '@cockpit/plugin-cockpit-common';
