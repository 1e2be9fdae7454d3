export { CockpitFleetPage } from './CockpitFleetPage';
