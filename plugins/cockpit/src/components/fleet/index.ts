export { CockpitFleetPage } from './CockpitFleetPage';
export { CollectorsPage } from './CollectorsPage';
