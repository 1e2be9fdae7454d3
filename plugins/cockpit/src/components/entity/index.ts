export { CockpitEntityContent } from './CockpitEntityContent';
