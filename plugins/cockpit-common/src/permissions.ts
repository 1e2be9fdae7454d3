import { createPermission } from '@backstage/plugin-permission-common';

/** Read resources, readings, calculations and rejections. */
export const cockpitReadPermission = createPermission({
  name: 'cockpit.read',
  attributes: { action: 'read' },
});

/** Publish batches through `POST /api/cockpit/ingest`. */
export const cockpitIngestPermission = createPermission({
  name: 'cockpit.ingest',
  attributes: { action: 'create' },
});

/** Every permission of the Cockpit plugin. */
export const cockpitPermissions = [cockpitReadPermission, cockpitIngestPermission];
