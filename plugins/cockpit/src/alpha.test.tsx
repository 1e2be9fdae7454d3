import type { Entity } from '@backstage/catalog-model';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import cockpitPlugin from './alpha';

const entity = (
  kind: string,
  annotations?: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'payment-service', annotations },
});
const annotated = { 'cockpit.io/service-name': 'payment-service' };

describe('the Cockpit plugin for the new frontend system', () => {
  it('shows the Cockpit tab only on Components that name their Cockpit service', () => {
    const tab = createExtensionTester(
      cockpitPlugin.getExtension('entity-content:cockpit'),
    );
    const shows = tab.get(EntityContentBlueprint.dataRefs.filterFunction)!;

    expect(tab.get(EntityContentBlueprint.dataRefs.title)).toBe('Cockpit');
    expect(shows(entity('Component', annotated))).toBe(true);
    expect(shows(entity('Component'))).toBe(false);
    expect(shows(entity('System', annotated))).toBe(false);
  });

  it('puts the Overview card on the same Components', () => {
    const card = createExtensionTester(
      cockpitPlugin.getExtension('entity-card:cockpit/overview'),
    );
    const shows = card.get(EntityCardBlueprint.dataRefs.filterFunction)!;

    expect(shows(entity('Component', annotated))).toBe(true);
    expect(shows(entity('Component'))).toBe(false);
  });

  it('mounts the fleet pages at /cockpit with a nav item titled Cockpit', () => {
    const page = createExtensionTester(
      cockpitPlugin.getExtension('page:cockpit'),
    );

    expect(page.get(coreExtensionData.routePath)).toBe('/cockpit');
    expect(page.get(coreExtensionData.title)).toBe('Cockpit');
    expect(page.get(coreExtensionData.icon)).toBeDefined();
  });
});
