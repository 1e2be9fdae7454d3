import { createPermission } from '@backstage/plugin-permission-common';

/** Read resources, readings and calculations. */
export const cockpitReadPermission = createPermission({
  name: 'cockpit.read',
  attributes: { action: 'read' },
});

/**
 * List quarantined input (`GET /api/cockpit/rejections`). Separate from `cockpit.read`: a
 * rejected payload is stored as received and can hold a secret a collector leaked.
 */
export const cockpitRejectionsReadPermission = createPermission({
  name: 'cockpit.rejections.read',
  attributes: { action: 'read' },
});

/** Publish batches through `POST /api/cockpit/ingest`. */
export const cockpitIngestPermission = createPermission({
  name: 'cockpit.ingest',
  attributes: { action: 'create' },
});

/** Every permission of the Cockpit plugin. */
export const cockpitPermissions = [
  cockpitReadPermission,
  cockpitRejectionsReadPermission,
  cockpitIngestPermission,
];
