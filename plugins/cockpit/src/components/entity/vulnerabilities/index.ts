export { DependencyVulnerabilities } from './DependencyVulnerabilities';
