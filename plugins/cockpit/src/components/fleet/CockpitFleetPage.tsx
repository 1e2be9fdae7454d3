import {
  Content,
  Header,
  Page,
  TabbedLayout,
} from '@backstage/core-components';
import { CollectorsPage } from './CollectorsPage';
import { ExplorerPage } from './ExplorerPage';
import { RejectionsPage } from './RejectionsPage';
import { FleetVulnerabilitiesPage } from './FleetVulnerabilitiesPage';
import { WhoUsesPage } from './WhoUsesPage';

/** The fleet pages: explorer, who uses, vulnerabilities, rejections, collectors, one tab each. */
export const CockpitFleetPage = () => (
  <Page themeId="tool">
    <Header
      title="Cockpit"
      subtitle="The live state of the fleet, as the collectors report it"
    />
    <Content>
      <TabbedLayout>
        <TabbedLayout.Route path="/explorer" title="Explorer">
          <ExplorerPage />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/who-uses" title="Who uses">
          <WhoUsesPage />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/vulnerabilities" title="Vulnerabilities">
          <FleetVulnerabilitiesPage />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/rejections" title="Rejections">
          <RejectionsPage />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/collectors" title="Collectors">
          <CollectorsPage />
        </TabbedLayout.Route>
      </TabbedLayout>
    </Content>
  </Page>
);
