export { CockpitEntityContent } from './CockpitEntityContent';
export { CockpitOverviewCard } from './CockpitOverviewCard';
