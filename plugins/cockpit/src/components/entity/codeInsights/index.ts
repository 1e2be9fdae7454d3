export { CodeInsightsCard } from './CodeInsightsCard';
