/**
 * Resource names (contract section 4): the well-known types and their naming rules, the
 * builders (`names`), their inverse (`parseName`), parents derived from name parts, and the
 * package URL and container image references names are made of.
 */
export * from './resourceTypes';
export * from './rules';
export { InvalidNameError } from './parts';
export * from './packageUrl';
export * from './imageReference';
export * from './build';
export * from './parse';
export * from './parents';
